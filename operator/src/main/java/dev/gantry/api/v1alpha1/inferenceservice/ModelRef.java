package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A model version chosen by alias, MLflow style. */
public class ModelRef {
  @JsonPropertyDescription("The model, e.g. fraud.")
  @Required
  public String modelName;

  @JsonPropertyDescription("The alias, e.g. champion.")
  @Required
  public String alias;
}
