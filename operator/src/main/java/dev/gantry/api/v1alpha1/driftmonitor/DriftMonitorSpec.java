package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which service to watch, how to judge drift, and what to do about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftMonitorSpec {
  @JsonPropertyDescription(
      "Name of the InferenceService (same namespace) whose inputs are watched.")
  @Required
  @ValidationRule(value = "size(self) > 0", message = "inferenceService must not be empty")
  @Size(max = 253)
  public String inferenceService;

  @JsonPropertyDescription("Which training baseline to compare with; default: the served version.")
  public BaselineSelector baseline;

  @JsonPropertyDescription("Time between evaluations.")
  @Default("5m")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "') && duration(self) >= duration('10s')",
      message = "interval must be a duration of at least 10s, such as 5m")
  @Size(max = 64)
  public String interval;

  @JsonPropertyDescription("How much live data a verdict needs.")
  public WindowSpec window;

  @JsonPropertyDescription(
      "Statistic per feature. auto switches on the baseline's training rows (the reference),"
          + " as Evidently does, not on the live window: up to 1000 rows, tests (KS for numeric"
          + " features with more than 5 distinct values, chi-squared otherwise); above, distances"
          + " (Wasserstein, Jensen-Shannon).")
  @Default("auto")
  public DriftMethod method;

  @JsonPropertyDescription("Per-method thresholds beyond which a feature counts as drifted.")
  public DriftThresholds thresholds;

  @JsonPropertyDescription("Share of features that must drift for the dataset to drift (0-1].")
  @Default("0.5")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0 && double(self) <= 1.0",
      message = "driftShare must be a decimal greater than 0 and at most 1, e.g. \"0.5\"")
  @Size(max = 64)
  public String driftShare;

  @JsonPropertyDescription("Multiple-testing correction for the p-value tests.")
  @Default("bonferroni")
  public Correction correction;

  @JsonPropertyDescription("Features to watch; default: every feature in the baseline.")
  @Size(max = 512)
  public List<String> features;

  @JsonPropertyDescription(
      "Where live statistics come from: the serving pods' statistics endpoint (Pods) or the"
          + " Prometheus-compatible query API (Prometheus).")
  @Default("Pods")
  public StatisticsSource statisticsSource;

  @JsonPropertyDescription("Retraining when drift is found, on a schedule, or by model age.")
  public RetrainSpec retrain;
}
