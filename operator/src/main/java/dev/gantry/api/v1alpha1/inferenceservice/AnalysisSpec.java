package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Health limits of a canary during a rollout step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisSpec {
  @JsonPropertyDescription("Highest acceptable share of failed requests (0-1), e.g. \"0.01\".")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) >= 0.0 && double(self) <= 1.0",
      message = "maxErrorRate must be a decimal between 0 and 1, e.g. \"0.01\"")
  @Size(max = 64)
  public String maxErrorRate;

  @JsonPropertyDescription("Highest acceptable p99 latency in milliseconds.")
  @ValidationRule(value = "self >= 1", message = "maxP99LatencyMillis must be at least 1")
  public Integer maxP99LatencyMillis;

  @JsonPropertyDescription(
      "Fewest canary requests in a step for a verdict; with fewer the step waits.")
  @ValidationRule(value = "self >= 0", message = "minRequests must be 0 or more")
  public Integer minRequests;
}
