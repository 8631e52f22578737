package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed of a TrainingJob. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingJobStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending, Running, Suspended, Succeeded or Failed.")
  public TrainingJobPhase phase;

  @JsonPropertyDescription(
      "Ready, Running, Suspended, IdleDetected, Reclaimed, GpuMetricsAvailable,"
          + " ModelRegistered, Complete, Failed.")
  public List<Condition> conditions;

  @JsonPropertyDescription("When the first pod started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the job succeeded or failed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Pod counts of the underlying Job.")
  public ReplicaStatus replicas;

  @JsonPropertyDescription("GPUs held and how much they are used.")
  public GpuStatus gpu;

  @JsonPropertyDescription(
      "The pending work (namespace/name) that received this job's GPUs when it was reclaimed.")
  public String reclaimedFor;

  @JsonPropertyDescription("The ModelVersion registered from this job's result.")
  public String modelVersion;
}
