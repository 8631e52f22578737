package dev.gantry.operator.driftmonitor.stats;

/**
 * Two-sample Kolmogorov-Smirnov test on histograms over shared, ordered bins.
 *
 * <p>The statistic is the largest gap between the two cumulative shares at the bin boundaries:
 * exactly {@code scipy.stats.ks_2samp}'s statistic when every row of a bin is one tied value.
 * Binning can only hide gaps, never add them, so the test is conservative next to one on the raw
 * values.
 *
 * <p>The p-value is the limiting (Smirnov) Kolmogorov distribution at sqrt(en) * D with the
 * effective sample size en = n * m / (n + m): {@code scipy.stats.kstwobign.sf(sqrt(en) * D)}, which
 * was ks_2samp's 'asymp' mode before SciPy 1.5. Current SciPy's 'asymp' uses the finite-n
 * distribution {@code kstwo.sf(D, round(en))} instead; on the committed fixtures the two differ by
 * at most 0.02 (0.009 for 1000 live rows against 10,000) and the limiting one is never the smaller,
 * so it alarms no more often.
 */
public final class KolmogorovSmirnov {
  private KolmogorovSmirnov() {}

  /** The test's statistic D and its two-sided p-value. */
  public record Result(double statistic, double pValue) {}

  public static Result test(HistogramPair counts) {
    double[] reference = counts.referenceShares();
    double[] live = counts.liveShares();
    double cumulativeReference = 0;
    double cumulativeLive = 0;
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      cumulativeReference += reference[i];
      cumulativeLive += live[i];
      statistic = Math.max(statistic, Math.abs(cumulativeReference - cumulativeLive));
    }
    double n = counts.referenceTotal();
    double m = counts.liveTotal();
    double effectiveSize = n * m / (n + m);
    return new Result(statistic, limitingSurvival(Math.sqrt(effectiveSize) * statistic));
  }

  /**
   * P(K > z) for the Kolmogorov distribution K (SciPy's {@code special.kolmogorov}). Each of the
   * two classical series converges in a handful of terms on its side of z = 1.
   */
  static double limitingSurvival(double z) {
    if (z <= 0) {
      return 1;
    }
    if (z < 1) {
      // 1 - sqrt(2 pi) / z * sum_k exp(-(2k - 1)^2 pi^2 / (8 z^2))
      double sum = 0;
      for (int k = 1; k <= 20; k++) {
        double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * z * z));
        sum += term;
        if (term < 1e-18 * sum) {
          break;
        }
      }
      return 1 - Math.sqrt(2 * Math.PI) / z * sum;
    }
    // 2 * sum_k (-1)^(k-1) exp(-2 k^2 z^2)
    double sum = 0;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * z * z);
      sum += (k % 2 == 1) ? term : -term;
      if (term < 1e-18 * Math.abs(sum) || term == 0) {
        break;
      }
    }
    return Math.min(1, Math.max(0, 2 * sum));
  }
}
