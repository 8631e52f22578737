package dev.gantry.api.v1alpha1.batchprediction;

/** Where a BatchPrediction stands. */
public enum BatchPredictionPhase {
  /** Waiting for its ModelVersion to exist and be validated. */
  Pending,
  /** The plan pod checks the inputs, the output and the model, and splits the rows. */
  Planning,
  /** The shards score. */
  Running,
  Succeeded,
  /** See the Complete condition's reason and message. */
  Failed
}
