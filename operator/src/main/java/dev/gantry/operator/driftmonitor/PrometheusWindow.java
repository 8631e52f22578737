package dev.gantry.operator.driftmonitor;

import dev.gantry.contract.FeatureBaseline;
import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import dev.gantry.operator.prometheus.PromSample;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PromQL for a window of live counts, and its answer in the baseline's shape. The inference
 * image exports one counter per baseline bin ({@code gantry_inference_feature_bin_total{model,
 * feature,bin,lower,upper}}) and per category ({@code gantry_inference_feature_category_total});
 * each counter's growth since the window's start, summed over the serving pods, is the window's
 * count.
 *
 * <p>Series are selected by {@code namespace} (the label Prometheus' Kubernetes discovery gives a
 * pod's series) and {@code model} (the served ModelVersion's modelName).
 */
public final class PrometheusWindow {
  static final String BINS = "gantry_inference_feature_bin_total";
  static final String CATEGORIES = "gantry_inference_feature_category_total";

  private PrometheusWindow() {}

  public static String binQuery(String namespace, String model, Duration window) {
    return "sum by (feature, bin) (" + growth(BINS + selector(namespace, model), window) + ")";
  }

  public static String categoryQuery(String namespace, String model, Duration window) {
    return "sum by (feature, category) ("
        + growth(CATEGORIES + selector(namespace, model), window)
        + ")";
  }

  /**
   * How much each counter grew since the window's start: its value now minus its value then, so
   * rows that arrive between the last scrape before the start and the first one after it still
   * count (increase() over exactly the window would lose them, and a window starting where the last
   * verdict's ended would lose them for good). A series younger than the window (a new pod) counts
   * whole; a counter that went down (a restarted pod kept its name) counts nothing.
   */
  private static String growth(String series, Duration window) {
    return "clamp_min("
        + series
        + " - "
        + series
        + " offset "
        + Math.max(1, window.toMillis())
        + "ms, 0) or "
        + series
        + " * 1";
  }

  /**
   * Counts by feature for the given baseline features; a feature without series is left out (no
   * live rows), a bin the baseline does not have is refused.
   */
  public static Map<String, LiveCounts> counts(
      List<PromSample> bins, List<PromSample> categories, List<FeatureBaseline> features) {
    Map<String, FeatureBaseline> byName = new HashMap<>();
    features.forEach(f -> byName.put(f.name(), f));
    Map<String, double[]> numeric = new HashMap<>();
    Map<String, Map<String, Double>> categorical = new HashMap<>();
    for (PromSample sample : bins) {
      FeatureBaseline feature = byName.get(sample.labels().get("feature"));
      if (feature == null || feature.counts() == null || !Double.isFinite(sample.value())) {
        continue;
      }
      int bin = Integer.parseInt(sample.labels().getOrDefault("bin", "-1"));
      double[] counts =
          numeric.computeIfAbsent(feature.name(), k -> new double[feature.counts().size()]);
      if (bin < 0 || bin >= counts.length) {
        throw new IllegalArgumentException(
            "feature "
                + feature.name()
                + ": Prometheus has bin "
                + bin
                + " but the baseline has "
                + counts.length
                + " bins; the pods serve another baseline");
      }
      counts[bin] += sample.value();
    }
    for (PromSample sample : categories) {
      FeatureBaseline feature = byName.get(sample.labels().get("feature"));
      String category = sample.labels().get("category");
      if (feature == null || category == null || !Double.isFinite(sample.value())) {
        continue;
      }
      categorical
          .computeIfAbsent(feature.name(), k -> new HashMap<>())
          .merge(category, sample.value(), Double::sum);
    }
    Map<String, LiveCounts> live = new HashMap<>();
    numeric.forEach((name, counts) -> live.put(name, LiveCounts.numeric(counts)));
    categorical.forEach((name, counts) -> live.put(name, LiveCounts.categorical(counts)));
    return live;
  }

  private static String selector(String namespace, String model) {
    return "{namespace=\"" + escape(namespace) + "\",model=\"" + escape(model) + "\"}";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
