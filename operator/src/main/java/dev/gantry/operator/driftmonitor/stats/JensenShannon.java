package dev.gantry.operator.driftmonitor.stats;

/**
 * Jensen-Shannon distance with base-2 logarithms, so it lies in [0, 1]: the square root of the mean
 * Kullback-Leibler divergence of each histogram from their average. Same as {@code
 * scipy.spatial.distance.jensenshannon(reference, live, base=2)}. Empty bins need no epsilon: 0 *
 * log(0) is taken as 0 and the average is positive wherever either side has mass.
 */
public final class JensenShannon {
  private static final double LN_2 = Math.log(2);

  private JensenShannon() {}

  public static double distance(HistogramPair counts) {
    double[] p = counts.referenceShares();
    double[] q = counts.liveShares();
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      divergence += relativeEntropy(p[i], m) + relativeEntropy(q[i], m);
    }
    // Rounding can leave a tiny negative sum for identical histograms.
    return Math.sqrt(Math.max(0, divergence / 2 / LN_2));
  }

  private static double relativeEntropy(double x, double y) {
    return x == 0 ? 0 : x * Math.log(x / y);
  }
}
