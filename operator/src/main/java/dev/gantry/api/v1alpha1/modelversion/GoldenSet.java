package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A labelled CSV the model must score well on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoldenSet {
  @JsonPropertyDescription("Location of the CSV.")
  @Required
  @ValidationRule(value = Rules.STORAGE_URI_RULE, message = Rules.STORAGE_URI_MESSAGE)
  @Size(max = 2048)
  public String storageUri;

  @JsonPropertyDescription("Name of the label column.")
  @Default("label")
  public String labelColumn;

  @JsonPropertyDescription("Lowest acceptable accuracy on the set (0-1), as a decimal string.")
  @ValidationRule(
      value = Rules.DECIMAL_RULE + " && double(self) >= 0.0 && double(self) <= 1.0",
      message = "minAccuracy must be a decimal between 0 and 1")
  @Size(max = 64)
  public String minAccuracy;
}
