package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import dev.gantry.api.v1alpha1.modelversion.ValidationSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the trained model is written and under which model name it is registered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {
  @JsonPropertyDescription(
      "Model name; the registered ModelVersion is named <modelName>-<n>. A DNS label of at"
          + " most 40 characters.")
  @Required
  @ValidationRule(
      value = "self.matches('" + Rules.DNS_LABEL_REGEX + "') && size(self) <= 40",
      message =
          "modelName must be lowercase letters, digits and '-', start and end with a letter"
              + " or digit, and be at most 40 characters")
  @Size(max = 40)
  public String modelName;

  @JsonPropertyDescription("Where rank 0 writes the model: s3://, pvc://<claim>/<path> or file://.")
  @Required
  @ValidationRule(value = Rules.STORAGE_URI_RULE, message = Rules.STORAGE_URI_MESSAGE)
  @Size(max = 2048)
  public String storageUri;

  @JsonPropertyDescription("Register the result as a ModelVersion on success.")
  @Default("true")
  public Boolean register;

  @JsonPropertyDescription(
      "Validation of the registered ModelVersion (its spec.validation): gates on the training"
          + " metrics and a golden set that the validation Job scores. Empty: the version is"
          + " checked for its sha256 and that it loads, nothing more.")
  public ValidationSpec validation;
}
