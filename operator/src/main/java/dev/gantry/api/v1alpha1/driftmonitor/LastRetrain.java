package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The most recent retraining the monitor started. */
public class LastRetrain {
  @JsonPropertyDescription("The TrainingJob created.")
  public String trainingJob;

  @JsonPropertyDescription("When it was created (RFC 3339).")
  public String time;

  @JsonPropertyDescription("Why: Drift, Schedule or ModelAge.")
  public String reason;
}
