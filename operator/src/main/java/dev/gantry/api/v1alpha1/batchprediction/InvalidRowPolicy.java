package dev.gantry.api.v1alpha1.batchprediction;

/** What a shard does with a row that fails input validation. */
public enum InvalidRowPolicy {
  /** Write the row and its reason to the shard's errors file, count it, and go on. */
  Skip,
  /** Fail the shard at the first invalid row, and with it the BatchPrediction. */
  Fail
}
