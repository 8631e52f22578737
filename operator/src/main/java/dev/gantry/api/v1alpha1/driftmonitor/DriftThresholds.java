package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Thresholds per method, as decimal strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftThresholds {
  @JsonPropertyDescription("PSI above this is drift (> 0; 0.2 is customary).")
  @Default("0.2")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0",
      message = "thresholds.psi must be a decimal greater than 0, e.g. \"0.2\"")
  @Size(max = 64)
  public String psi;

  @JsonPropertyDescription("KS p-value below this is drift (0-1).")
  @Default("0.05")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0 && double(self) < 1.0",
      message = "thresholds.ks is a p-value and must be between 0 and 1, e.g. \"0.05\"")
  @Size(max = 64)
  public String ks;

  @JsonPropertyDescription("Chi-squared p-value below this is drift (0-1).")
  @Default("0.05")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0 && double(self) < 1.0",
      message = "thresholds.chiSquared is a p-value and must be between 0 and 1, e.g. \"0.05\"")
  @Size(max = 64)
  public String chiSquared;

  @JsonPropertyDescription("Jensen-Shannon distance above this is drift (0-1].")
  @Default("0.1")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0 && double(self) <= 1.0",
      message = "thresholds.jensenShannon must be a decimal in (0, 1], e.g. \"0.1\"")
  @Size(max = 64)
  public String jensenShannon;

  @JsonPropertyDescription(
      "Wasserstein distance, in training standard deviations, above this is drift (> 0).")
  @Default("0.1")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) > 0.0",
      message = "thresholds.wasserstein must be a decimal greater than 0, e.g. \"0.1\"")
  @Size(max = 64)
  public String wasserstein;
}
