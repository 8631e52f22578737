package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The amount of live data behind a verdict. */
public class WindowSpec {
  @JsonPropertyDescription(
      "Fewest live rows for a verdict; with fewer the monitor says Collecting.")
  @Default("1000")
  @ValidationRule(
      value = "self >= 30 && self <= 100000000",
      message = "window.minSamples must be between 30 and 100000000")
  public Integer minSamples;
}
