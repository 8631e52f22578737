package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** A trained model artifact and what is known about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelVersionSpec {
  @JsonPropertyDescription("The model this is a version of, e.g. fraud. Immutable.")
  @Required
  @ValidationRule(
      value = "self.matches('" + Rules.DNS_LABEL_REGEX + "') && size(self) <= 40",
      message =
          "modelName must be lowercase letters, digits and '-', start and end with a letter"
              + " or digit, and be at most 40 characters")
  @Size(max = 40)
  public String modelName;

  @JsonPropertyDescription("The version label, e.g. \"7\". Immutable.")
  @Required
  @ValidationRule(
      value = "self.matches('^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$') && size(self) <= 20",
      message =
          "version must be letters, digits, '.', '_' or '-', start and end with a letter or"
              + " digit, and be at most 20 characters")
  @Size(max = 20)
  public String version;

  @JsonPropertyDescription("Format of the artifact; Gantry serves onnx.")
  public ModelFormat modelFormat;

  @JsonPropertyDescription(
      "Location of the artifact: s3://, pvc://<claim>/<path>, http(s):// or file://."
          + " Immutable.")
  @Required
  @ValidationRule(value = Rules.STORAGE_URI_RULE, message = Rules.STORAGE_URI_MESSAGE)
  @Size(max = 2048)
  public String storageUri;

  @JsonPropertyDescription("sha256 of the artifact; serving refuses other bytes.")
  @ValidationRule(value = Rules.SHA256_RULE, message = Rules.SHA256_MESSAGE)
  @Size(max = 64)
  public String sha256;

  @JsonPropertyDescription(
      "Evaluation metrics as decimal strings, e.g. {auc: \"0.931\"}; the operator reports"
          + " values that are not decimals in the Ready condition.")
  @Size(max = 64)
  public Map<String, String> metrics;

  @JsonPropertyDescription("Statistics of the training data, for drift detection.")
  public BaselineRef baseline;

  @JsonPropertyDescription("Provenance: the job, image, code and data that made the model.")
  public ModelSource source;

  @JsonPropertyDescription(
      "Names that point at this version, unique per modelName (e.g. champion, challenger):"
          + " lowercase DNS labels; latest is reserved (it always means the newest validated"
          + " version). The operator reports malformed, reserved or repeated aliases and aliases"
          + " held by another version in conditions.")
  @Size(max = 8)
  public List<String> aliases;

  @JsonPropertyDescription("Checks the model must pass before it may be served.")
  public ValidationSpec validation;
}
