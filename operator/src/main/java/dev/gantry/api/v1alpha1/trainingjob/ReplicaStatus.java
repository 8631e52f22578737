package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Pod counts, as the batch/v1 Job reports them. */
public class ReplicaStatus {
  @JsonPropertyDescription("Pods running or pending.")
  public Integer active;

  @JsonPropertyDescription("Pods running and ready.")
  public Integer ready;

  @JsonPropertyDescription("Pods that finished successfully.")
  public Integer succeeded;

  @JsonPropertyDescription("Pods that failed.")
  public Integer failed;
}
