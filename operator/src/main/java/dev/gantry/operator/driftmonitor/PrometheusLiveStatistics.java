package dev.gantry.operator.driftmonitor;

import dev.gantry.contract.FeatureBaseline;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.operator.prometheus.PrometheusQueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live counts from the Prometheus-compatible query API, over the time since the monitor's last
 * verdict (at least one interval), so that a window too small for a verdict keeps growing as the
 * pod source's does. The window's start lives in operator memory; after a restart the first window
 * is one interval.
 */
public final class PrometheusLiveStatistics {
  /** Longest window asked for: a day of counters is plenty and keeps the query cheap. */
  static final Duration MAX_WINDOW = Duration.ofHours(24);

  private final Optional<PrometheusQueryClient> client;
  private final Map<String, Instant> windowStarts = new ConcurrentHashMap<>();

  public PrometheusLiveStatistics(Optional<PrometheusQueryClient> client) {
    this.client = client;
  }

  public LiveStatistics read(
      String namespace,
      String monitorUid,
      String modelName,
      List<FeatureBaseline> features,
      Instant now,
      Duration interval) {
    if (client.isEmpty()) {
      return LiveStatistics.unavailable(
          "statisticsSource is Prometheus but the operator has no Prometheus URL"
              + " (gantry.prometheus.url, GANTRY_PROMETHEUS_URL)");
    }
    Instant start = windowStarts.computeIfAbsent(monitorUid, k -> now.minus(interval));
    Duration window = Duration.between(start, now);
    if (window.compareTo(interval) < 0) {
      window = interval;
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      window = MAX_WINDOW;
    }
    try {
      var bins = client.get().query(PrometheusWindow.binQuery(namespace, modelName, window));
      var categories =
          client.get().query(PrometheusWindow.categoryQuery(namespace, modelName, window));
      return new LiveStatistics(
          PrometheusWindow.counts(bins, categories, features),
          null,
          () -> windowStarts.put(monitorUid, now));
    } catch (PrometheusQueryException | IllegalArgumentException e) {
      return LiveStatistics.unavailable(e.getMessage());
    }
  }

  public void forget(String monitorUid) {
    windowStarts.remove(monitorUid);
  }
}
