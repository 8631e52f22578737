package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Canary steps, how long each is held, and what counts as healthy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
  @JsonPropertyDescription(
      "Percent of traffic on the new version at each step; ascending, ending at 100.")
  @Size(min = 1, max = 10)
  @ValidationRule(
      value = "self.all(p, p >= 1 && p <= 100)",
      message = "rollout steps must be percentages between 1 and 100")
  @ValidationRule(
      value = "self[size(self) - 1] == 100",
      message = "the last rollout step must be 100")
  @ValidationRule(
      value = "self.isSorted() && self.all(p, self.exists_one(q, q == p))",
      message = "rollout steps must be strictly ascending")
  public List<Integer> steps;

  @JsonPropertyDescription("How long each step is held while the canary is analysed.")
  @Default("5m")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "') && duration(self) >= duration('10s')",
      message = "stepInterval must be a duration of at least 10s, such as 5m")
  @Size(max = 64)
  public String stepInterval;

  @JsonPropertyDescription("Limits the canary must stay within.")
  public AnalysisSpec analysis;

  @JsonPropertyDescription("Return all traffic to the stable version when analysis fails.")
  @Default("true")
  public Boolean autoRollback;
}
