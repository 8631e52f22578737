package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the predictions go. */
public class BatchOutput {
  @JsonPropertyDescription(
      "A folder-like location: s3://, pvc://<claim>/<path> or file://. Each shard writes"
          + " part-NNNNN.csv, part-NNNNN.errors.jsonl and part-NNNNN.manifest.json there; the plan"
          + " writes _plan.json.")
  @Required
  @ValidationRule(
      value = "self.matches('^(s3|pvc|file)://.+')",
      message = "output.uri must start with s3://, pvc:// or file:// (http(s) is read-only)")
  @Size(max = 2048)
  public String uri;
}
