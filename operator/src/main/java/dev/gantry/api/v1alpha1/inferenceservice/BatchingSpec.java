package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** How concurrent requests are coalesced. maxBatchSize 1 turns batching off. */
public class BatchingSpec {
  @JsonPropertyDescription("Most rows in one model call.")
  @Default("32")
  @ValidationRule(
      value = "self >= 1 && self <= 4096",
      message = "maxBatchSize must be between 1 and 4096")
  public Integer maxBatchSize;

  @JsonPropertyDescription("Longest a request waits for others to join its batch, in ms.")
  @Default("2")
  @ValidationRule(
      value = "self >= 0 && self <= 1000",
      message = "maxDelayMillis must be between 0 and 1000")
  public Integer maxDelayMillis;
}
