package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.driftmonitor.stats.DatasetDrift;

/** What one evaluation of a DriftMonitor came to. */
public sealed interface Evaluation {

  /** Enough live rows: a verdict. */
  record Verdict(DatasetDrift drift, long samples) implements Evaluation {}

  /** Too few live rows for a verdict ({@code window.minSamples}); the last verdict stands. */
  record Collecting(long samples, String message) implements Evaluation {}

  /** The service, its model, baseline or statistics could not be read. */
  record Failed(String reason, String message) implements Evaluation {}
}
