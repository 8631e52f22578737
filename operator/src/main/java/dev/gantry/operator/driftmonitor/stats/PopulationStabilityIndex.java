package dev.gantry.operator.driftmonitor.stats;

/** Population stability index: sum over bins of (ref% - live%) * ln(ref% / live%). */
public final class PopulationStabilityIndex {
  /** The share an empty bin gets, unless a non-empty share is this small or smaller. */
  static final double EMPTY_BIN_SHARE = 0.0001;

  private PopulationStabilityIndex() {}

  /**
   * PSI of the live histogram against the reference. An empty bin would make the logarithm
   * infinite, so, exactly as Evidently's {@code get_binned_data(feel_zeroes=True)} (v0.7.21), an
   * empty bin's share becomes {@value #EMPTY_BIN_SHARE}, or a millionth of the smallest non-empty
   * share of that histogram when that share is {@value #EMPTY_BIN_SHARE} or less. Shares are not
   * renormalised afterwards (Evidently does not either).
   */
  public static double of(HistogramPair counts) {
    double[] reference = emptyBinsFilled(counts.referenceShares());
    double[] live = emptyBinsFilled(counts.liveShares());
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      psi += (reference[i] - live[i]) * Math.log(reference[i] / live[i]);
    }
    return psi;
  }

  private static double[] emptyBinsFilled(double[] shares) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s > 0) {
        smallest = Math.min(smallest, s);
      }
    }
    double fill = smallest <= EMPTY_BIN_SHARE ? smallest / 1e6 : EMPTY_BIN_SHARE;
    double[] filled = shares.clone();
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == 0) {
        filled[i] = fill;
      }
    }
    return filled;
  }
}
