package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the training baseline statistics (baseline.json) are. */
public class BaselineRef {
  @JsonPropertyDescription("Location of baseline.json.")
  @Required
  @ValidationRule(value = Rules.STORAGE_URI_RULE, message = Rules.STORAGE_URI_MESSAGE)
  @Size(max = 2048)
  public String storageUri;
}
