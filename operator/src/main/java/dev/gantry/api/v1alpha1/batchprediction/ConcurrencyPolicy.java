package dev.gantry.api.v1alpha1.batchprediction;

/** What a scheduled BatchPrediction does when a firing comes while a run is still active. */
public enum ConcurrencyPolicy {
  /** Skip the firing (counted in status.skippedRuns); the active run goes on alone. */
  Forbid,
  /** Start the new run beside the active one; each writes under its own output prefix. */
  Allow
}
