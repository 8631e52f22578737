package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** When and how a retraining TrainingJob is started. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!self.enabled || has(self.template)",
    message = "retrain.template is required when retrain.enabled is true")
public class RetrainSpec {
  @JsonPropertyDescription("Start retraining jobs at all.")
  @Default("false")
  public Boolean enabled;

  @JsonPropertyDescription("Retrain when drift is detected.")
  @Default("true")
  public Boolean onDrift;

  @JsonPropertyDescription("No new retraining within this long of the last one.")
  @Default("24h")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "')",
      message = "cooldown must be a duration such as 24h")
  @Size(max = 64)
  public String cooldown;

  @JsonPropertyDescription(
      "Periodic retraining as a five-field cron expression, e.g. \"0 3 * * 0\".")
  @ValidationRule(
      value = Rules.CRON_RULE,
      message = "schedule must be a cron expression with five fields, e.g. \"0 3 * * 0\"")
  @Size(max = 128)
  public String schedule;

  @JsonPropertyDescription("Retrain a model older than this, e.g. 720h.")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "')",
      message = "maxModelAge must be a duration such as 720h")
  @Size(max = 64)
  public String maxModelAge;

  @JsonPropertyDescription("The TrainingJob spec of each retraining run.")
  public TrainingJobSpec template;
}
