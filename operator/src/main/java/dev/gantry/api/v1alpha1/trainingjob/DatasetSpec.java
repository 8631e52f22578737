package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The training data, recorded in the model's provenance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetSpec {
  @JsonPropertyDescription(
      "Location of the data: s3://, pvc://<claim>/<path>, http(s):// or file://.")
  @Required
  @ValidationRule(value = Rules.STORAGE_URI_RULE, message = Rules.STORAGE_URI_MESSAGE)
  @Size(max = 2048)
  public String storageUri;

  @JsonPropertyDescription("A version label of the data, e.g. 2026-11.")
  public String version;

  @JsonPropertyDescription("Expected sha256 of the data; the trainer refuses other bytes.")
  @ValidationRule(value = Rules.SHA256_RULE, message = Rules.SHA256_MESSAGE)
  @Size(max = 64)
  public String sha256;
}
