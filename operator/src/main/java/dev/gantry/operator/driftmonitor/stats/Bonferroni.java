package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;

/** Multiple-testing correction of p-value thresholds across the features of one evaluation. */
public final class Bonferroni {
  private Bonferroni() {}

  /**
   * The per-feature p-value threshold: alpha / tests under {@code bonferroni}, so the chance that
   * any of the tests alarms on undrifted data stays at most alpha. Only p-value tests count; a
   * distance has no error rate to correct.
   */
  public static double threshold(Correction correction, double alpha, int tests) {
    if (correction == Correction.bonferroni && tests > 1) {
      return alpha / tests;
    }
    return alpha;
  }
}
