package dev.gantry.contract;

import java.util.List;

/** The one binning rule that training baselines and live histograms must share. */
public final class Bins {
  private Bins() {}

  /**
   * The bin of {@code value} for the given edges (n+1 edges, n bins). Bin i holds values in
   * [edges[i], edges[i+1]); the first bin also takes everything below edges[0] and the last bin
   * everything from edges[n-1] up, including values above edges[n].
   *
   * @return the bin index in [0, n), or -1 when the value is NaN (counted as missing)
   */
  public static int indexOf(List<Double> edges, double value) {
    int bins = edges.size() - 1;
    if (bins < 1) {
      throw new IllegalArgumentException("at least two bin edges are needed, got " + edges.size());
    }
    if (Double.isNaN(value)) {
      return -1;
    }
    // Binary search over the interior edges edges[1..n-1]: count how many are <= value.
    int lo = 1;
    int hi = bins; // exclusive
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges.get(mid) <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
