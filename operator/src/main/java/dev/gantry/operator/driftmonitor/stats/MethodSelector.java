package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.contract.FeatureBaseline.FeatureType;

/** Which statistic a feature gets. */
public final class MethodSelector {
  /** Evidently's switch: up to this many reference rows, tests; above, distances. */
  static final long MAX_ROWS_FOR_TESTS = 1000;

  /** At most this many distinct values, Evidently treats a numeric feature as discrete. */
  static final int MAX_DISCRETE_VALUES = 5;

  private MethodSelector() {}

  /**
   * The method for one feature.
   *
   * <p>{@code auto} follows Evidently's {@code _get_default_stattest}
   * (evidently/legacy/calculations/stattests/registry.py, v0.7.21, commit a4aa4c2b3): the switch is
   * on the <em>reference</em> row count ({@code reference_data.shape[0]}), here the baseline's
   * rows. Up to 1000: numeric features with more than 5 distinct values get KS, other features
   * chi-squared (where Evidently uses a z-test for 2 values, chi-squared here is the same test: see
   * {@link ChiSquared}). Above 1000: numeric features with more than 5 distinct values get the
   * normalised Wasserstein distance, other features Jensen-Shannon. Distinct values are counted as
   * bins or categories with rows on either side: for a numeric feature with few values the quantile
   * edges collapse onto those values, one bin each.
   *
   * <p>KS and Wasserstein need ordered values; a categorical feature asked for them gets the
   * categorical method of the same kind (chi-squared for KS, Jensen-Shannon for Wasserstein) rather
   * than failing the whole monitor. The result records the method actually used.
   */
  public static DriftMethod choose(
      DriftMethod requested, FeatureType type, long referenceRows, int distinctValues) {
    boolean discrete = type == FeatureType.CATEGORICAL || distinctValues <= MAX_DISCRETE_VALUES;
    return switch (requested) {
      case auto -> {
        if (referenceRows <= MAX_ROWS_FOR_TESTS) {
          yield discrete ? DriftMethod.chiSquared : DriftMethod.ks;
        }
        yield discrete ? DriftMethod.jensenShannon : DriftMethod.wasserstein;
      }
      case ks -> type == FeatureType.CATEGORICAL ? DriftMethod.chiSquared : DriftMethod.ks;
      case wasserstein ->
          type == FeatureType.CATEGORICAL ? DriftMethod.jensenShannon : DriftMethod.wasserstein;
      case psi, jensenShannon, chiSquared -> requested;
    };
  }

  /** Whether the method's score is a p-value (drift below the threshold, open to correction). */
  public static boolean isTest(DriftMethod method) {
    return method == DriftMethod.ks || method == DriftMethod.chiSquared;
  }
}
