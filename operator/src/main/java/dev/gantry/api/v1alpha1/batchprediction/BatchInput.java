package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One dataset file to score. */
public class BatchInput {
  @JsonPropertyDescription(
      "Location of the file: s3://, pvc://<claim>/<path>, http(s):// or file://.")
  @Required
  @ValidationRule(
      value = "self.matches('^(s3|pvc|https?|file)://.+')",
      message = "uri must start with s3://, pvc://, http://, https:// or file://")
  @Size(max = 2048)
  public String uri;
}
