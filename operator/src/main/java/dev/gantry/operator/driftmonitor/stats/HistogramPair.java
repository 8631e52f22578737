package dev.gantry.operator.driftmonitor.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Baseline and live counts over the same bins (or the same categories, in the same order).
 *
 * <p>Counts are doubles because live counts summed from Prometheus rate queries can be fractional.
 * Missing values (NaN inputs, {@link dev.gantry.contract.Bins#indexOf} = -1) are not in either
 * histogram: every statistic compares the distributions of the values that are present. A count
 * that is itself NaN, infinite or negative is a broken input and is rejected.
 */
public record HistogramPair(double[] reference, double[] live) {

  public HistogramPair {
    if (reference.length == 0 || reference.length != live.length) {
      throw new IllegalArgumentException(
          "reference and live need the same number of bins (at least one), got "
              + reference.length
              + " and "
              + live.length);
    }
    reference = reference.clone();
    live = live.clone();
    requireValidCounts("reference", reference);
    requireValidCounts("live", live);
    if (sum(reference) <= 0) {
      throw new IllegalArgumentException("the reference histogram is empty");
    }
    if (sum(live) <= 0) {
      throw new NoLiveSamplesException("no live samples: nothing to compare with the baseline");
    }
  }

  /** Pairs a baseline's integer bin counts with live counts over the same bins. */
  public static HistogramPair of(List<Long> reference, double[] live) {
    return new HistogramPair(reference.stream().mapToDouble(Long::doubleValue).toArray(), live);
  }

  public int bins() {
    return reference.length;
  }

  public double referenceTotal() {
    return sum(reference);
  }

  public double liveTotal() {
    return sum(live);
  }

  /** Bins holding rows on either side: Evidently's count of distinct values, for binned data. */
  public int binsWithMass() {
    int n = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] > 0 || live[i] > 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public double[] reference() {
    return reference.clone();
  }

  @Override
  public double[] live() {
    return live.clone();
  }

  double[] referenceShares() {
    return shares(reference);
  }

  double[] liveShares() {
    return shares(live);
  }

  private static double[] shares(double[] counts) {
    double total = sum(counts);
    return Arrays.stream(counts).map(c -> c / total).toArray();
  }

  private static double sum(double[] counts) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    return total;
  }

  private static void requireValidCounts(String side, double[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (!Double.isFinite(counts[i]) || counts[i] < 0) {
        throw new IllegalArgumentException(
            side + " count of bin " + i + " must be a finite number >= 0, got " + counts[i]);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistogramPair other
        && Arrays.equals(reference, other.reference)
        && Arrays.equals(live, other.live);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(reference) + Arrays.hashCode(live);
  }

  @Override
  public String toString() {
    return "HistogramPair[reference="
        + Arrays.toString(reference)
        + ", live="
        + Arrays.toString(live)
        + "]";
  }
}
