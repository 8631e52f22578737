package dev.gantry.operator.driftmonitor.stats;

import java.util.Map;
import java.util.TreeSet;

/** Lines up baseline and live category counts as one histogram over the union of categories. */
public final class CategoryCounts {
  private CategoryCounts() {}

  /**
   * A live category the training data never had becomes a bin with a reference count of 0, so it
   * counts as drift instead of disappearing; a training category absent from live data gets a live
   * count of 0. Categories are sorted by name so the order is stable.
   */
  public static HistogramPair align(
      Map<String, ? extends Number> reference, Map<String, ? extends Number> live) {
    TreeSet<String> categories = new TreeSet<>(reference.keySet());
    categories.addAll(live.keySet());
    double[] ref = new double[categories.size()];
    double[] cur = new double[categories.size()];
    int i = 0;
    for (String category : categories) {
      ref[i] = countOf(reference, category);
      cur[i] = countOf(live, category);
      i++;
    }
    return new HistogramPair(ref, cur);
  }

  private static double countOf(Map<String, ? extends Number> counts, String category) {
    Number n = counts.get(category);
    return n == null ? 0 : n.doubleValue();
  }
}
