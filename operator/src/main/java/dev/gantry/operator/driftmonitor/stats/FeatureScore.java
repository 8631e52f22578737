package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.contract.FeatureBaseline;

/** The score of one feature under one (already chosen) method. */
final class FeatureScore {
  private FeatureScore() {}

  static double of(DriftMethod method, FeatureBaseline baseline, HistogramPair counts) {
    return switch (method) {
      case psi -> PopulationStabilityIndex.of(counts);
      case ks -> KolmogorovSmirnov.test(counts).pValue();
      case chiSquared -> ChiSquared.test(counts).pValue();
      case jensenShannon -> JensenShannon.distance(counts);
      case wasserstein -> {
        // The training stddev when the baseline has it, else the binned reference's own.
        double norm =
            baseline.stddev() != null
                ? baseline.stddev()
                : Wasserstein.binnedStddev(baseline.binEdges(), counts);
        yield Wasserstein.normalised(baseline.binEdges(), counts, norm);
      }
      case auto -> throw new IllegalArgumentException("choose a method before scoring");
    };
  }
}
