package dev.gantry.operator.driftmonitor.stats;

import java.util.List;

/**
 * First Wasserstein (earth mover's) distance between two histograms over the same bin edges.
 *
 * <p>Every row of a bin is placed at one point of that bin, and the distance equals {@code
 * scipy.stats.wasserstein_distance(points, points, u_weights=reference, v_weights=live)}: the sum
 * over neighbouring points of |F_reference - F_live| times their gap. An inner bin's point is its
 * midpoint (edges[i] + edges[i+1]) / 2. The outer bins are open-ended ({@link
 * dev.gantry.contract.Bins#indexOf}), so they have no midpoint: their rows sit half the width of
 * the neighbouring inner bin beyond the inner edge, edges[1] - (edges[2] - edges[1]) / 2 and
 * edges[n-1] + (edges[n-1] - edges[n-2]) / 2. Using the training minimum and maximum instead (the
 * most extreme of thousands of rows) would put the tails far out and, in the benchmark, inflate
 * both the noise (2.5% of undrifted standard-normal features over 0.1) and the shift (0.25 sigma
 * read as 0.33). A shift beyond the outermost inner edges is under-measured: the distance saturates
 * instead of growing without bound.
 */
public final class Wasserstein {
  /** Evidently's floor on the norm, so a constant training feature does not divide by zero. */
  static final double MIN_NORM = 0.001;

  private Wasserstein() {}

  /** The distance in the feature's own units. */
  public static double distance(List<Double> binEdges, HistogramPair counts) {
    double[] at = points(binEdges, counts.bins());
    double[] reference = counts.referenceShares();
    double[] live = counts.liveShares();
    double cumulativeReference = 0;
    double cumulativeLive = 0;
    double distance = 0;
    for (int i = 0; i < at.length - 1; i++) {
      cumulativeReference += reference[i];
      cumulativeLive += live[i];
      distance += Math.abs(cumulativeReference - cumulativeLive) * (at[i + 1] - at[i]);
    }
    return distance;
  }

  /**
   * The distance in training standard deviations, as Evidently's {@code wasserstein} test
   * (v0.7.21): divided by max(stddev, {@value #MIN_NORM}).
   */
  public static double normalised(List<Double> binEdges, HistogramPair counts, double stddev) {
    return distance(binEdges, counts) / Math.max(stddev, MIN_NORM);
  }

  /**
   * The population standard deviation of the reference histogram with rows at the same points: the
   * norm to use when a baseline does not record the training stddev.
   */
  public static double binnedStddev(List<Double> binEdges, HistogramPair counts) {
    double[] at = points(binEdges, counts.bins());
    double[] shares = counts.referenceShares();
    double mean = 0;
    for (int i = 0; i < at.length; i++) {
      mean += shares[i] * at[i];
    }
    double variance = 0;
    for (int i = 0; i < at.length; i++) {
      variance += shares[i] * (at[i] - mean) * (at[i] - mean);
    }
    return Math.sqrt(variance);
  }

  /** Where each bin's rows sit: see the class comment. */
  static double[] points(List<Double> binEdges, int bins) {
    if (binEdges.size() != bins + 1) {
      throw new IllegalArgumentException(
          bins + " bins need " + (bins + 1) + " edges, got " + binEdges.size());
    }
    double[] edges = new double[binEdges.size()];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = binEdges.get(i);
      if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] < edges[i - 1])) {
        throw new IllegalArgumentException("bin edges must be finite and ascending: " + binEdges);
      }
    }
    double[] points = new double[bins];
    for (int i = 0; i < bins; i++) {
      points[i] = (edges[i] + edges[i + 1]) / 2;
    }
    if (bins >= 2) {
      points[0] = edges[1] - (edges[2] - edges[1]) / 2;
      points[bins - 1] = edges[bins - 1] + (edges[bins - 1] - edges[bins - 2]) / 2;
    }
    return points;
  }
}
