package dev.gantry.operator.driftmonitor.stats;

import java.util.Map;

/**
 * One feature's live counts since the previous evaluation, in the baseline's shape: bin counts on
 * the baseline's edges for a numeric feature, counts per category for a categorical one. Missing
 * values are not part of either.
 */
public record LiveCounts(double[] bins, Map<String, Double> categories) {

  public LiveCounts {
    bins = bins == null ? null : bins.clone();
    categories = categories == null ? null : Map.copyOf(categories);
  }

  public static LiveCounts numeric(double... bins) {
    return new LiveCounts(bins, null);
  }

  public static LiveCounts categorical(Map<String, Double> categories) {
    return new LiveCounts(null, categories);
  }

  @Override
  public double[] bins() {
    return bins == null ? null : bins.clone();
  }
}
