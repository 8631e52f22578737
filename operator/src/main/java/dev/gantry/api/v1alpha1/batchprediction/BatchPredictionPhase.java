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
  /**
   * See the Complete condition's reason and message; for a scheduled one, the Scheduled condition's
   * (an invalid schedule, a run that could not be created).
   */
  Failed,
  /** A scheduled BatchPrediction waiting for its next firing (its runs may be active). */
  Scheduled,
  /** A scheduled BatchPrediction with {@code suspend: true}: no new runs. */
  Suspended
}
