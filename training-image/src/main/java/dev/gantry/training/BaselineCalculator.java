package dev.gantry.training;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.Bins;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * baseline.json: per-feature statistics of the training data, over all dataset rows.
 *
 * <p>Numeric features: {@code bins} quantile bins. Edge i is the (i / bins) quantile with linear
 * interpolation between order statistics (numpy's default, "type 7"), so the first edge is the
 * minimum and the last the maximum; repeated edges (from repeated values) are merged. Counts come
 * from {@link Bins#indexOf}, the same rule live histograms use. Categorical features: the count of
 * each value; empty values count as missing.
 */
public final class BaselineCalculator {
  private BaselineCalculator() {}

  public static BaselineStatistics compute(TypedDataset data, int bins) {
    List<FeatureBaseline> features = new ArrayList<>();
    for (DatasetSchema.Feature feature : data.schema().features()) {
      features.add(
          feature.type() == FeatureType.NUMERIC
              ? numeric(feature.name(), data.numeric(feature.name()), bins)
              : categorical(feature.name(), data.categorical(feature.name())));
    }
    return new BaselineStatistics(
        BaselineStatistics.CURRENT_SCHEMA_VERSION, data.rows(), List.copyOf(features));
  }

  static FeatureBaseline numeric(String name, double[] values, int bins) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= bins; i++) {
      double edge = quantile(sorted, (double) i / bins);
      if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
        edges.add(edge);
      }
    }
    if (edges.size() == 1) {
      edges.add(edges.get(0)); // a constant column: one bin [v, v]
    }
    long[] counts = new long[edges.size() - 1];
    double sum = 0;
    for (double v : values) {
      counts[Bins.indexOf(edges, v)]++;
      sum += v;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new FeatureBaseline(
        name,
        FeatureType.NUMERIC,
        List.copyOf(edges),
        Arrays.stream(counts).boxed().toList(),
        null,
        0,
        mean,
        Math.sqrt(squares / values.length));
  }

  /** Linear interpolation between the order statistics around {@code q * (n - 1)}. */
  static double quantile(double[] sorted, double q) {
    double h = q * (sorted.length - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  static FeatureBaseline categorical(String name, String[] values) {
    Map<String, Long> counts = new TreeMap<>();
    long missing = 0;
    for (String v : values) {
      if (v.isEmpty()) {
        missing++;
      } else {
        counts.merge(v, 1L, Long::sum);
      }
    }
    return new FeatureBaseline(
        name, FeatureType.CATEGORICAL, null, null, counts, missing, null, null);
  }
}
