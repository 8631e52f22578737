package dev.gantry.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A model version chosen by alias, MLflow style. */
public class ModelRef {
  @JsonPropertyDescription("The model, e.g. fraud.")
  @Required
  public String modelName;

  @JsonPropertyDescription(
      "The alias, e.g. champion. The reserved alias latest means the newest validated version of"
          + " the model, so a retrained and validated version rolls out (through the canary"
          + " analysis) without anyone moving an alias.")
  @Required
  public String alias;
}
