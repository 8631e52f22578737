package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The version being rolled out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStatus {
  @JsonPropertyDescription("The ModelVersion on canary.")
  public String modelVersion;

  @JsonPropertyDescription("Percent of traffic it receives.")
  public Integer trafficPercent;

  @JsonPropertyDescription("Index of the current rollout step.")
  public Integer step;

  @JsonPropertyDescription("When the current step began (RFC 3339).")
  public String stepStartTime;
}
