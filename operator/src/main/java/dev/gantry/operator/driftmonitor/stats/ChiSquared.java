package dev.gantry.operator.driftmonitor.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-squared test of homogeneity on the 2 x k table (reference row, live row), without
 * Yates' correction: {@code scipy.stats.chi2_contingency(table, correction=False)}.
 *
 * <p>Evidently's {@code chisquare} test (v0.7.21) instead treats the reference shares as exact
 * expected frequencies; a live category the reference never saw then has an expected count of 0 and
 * an infinite statistic. The homogeneity test treats both sides as samples, so an unseen category
 * is ordinary, finite evidence of drift. With 2 categories it is exactly the pooled two-proportion
 * z-test Evidently picks for binary features (chi-squared = z squared). Categories (or bins) empty
 * on both sides carry no information and are left out. The p-value is the chi-squared survival
 * function from Apache Commons Statistics.
 */
public final class ChiSquared {
  private ChiSquared() {}

  /** The statistic, its degrees of freedom (categories with rows, minus one) and the p-value. */
  public record Result(double statistic, int degreesOfFreedom, double pValue) {}

  public static Result test(HistogramPair counts) {
    double[] reference = counts.reference();
    double[] live = counts.live();
    double referenceTotal = counts.referenceTotal();
    double liveTotal = counts.liveTotal();
    double total = referenceTotal + liveTotal;
    double statistic = 0;
    int categories = 0;
    for (int i = 0; i < reference.length; i++) {
      double column = reference[i] + live[i];
      if (column == 0) {
        continue;
      }
      categories++;
      statistic += squaredDeviation(reference[i], referenceTotal * column / total);
      statistic += squaredDeviation(live[i], liveTotal * column / total);
    }
    int degreesOfFreedom = categories - 1;
    if (degreesOfFreedom == 0) {
      // One category: both sides are necessarily identical.
      return new Result(0, 0, 1);
    }
    double pValue = ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(statistic);
    return new Result(statistic, degreesOfFreedom, pValue);
  }

  private static double squaredDeviation(double observed, double expected) {
    double d = observed - expected;
    return d * d / expected;
  }
}
