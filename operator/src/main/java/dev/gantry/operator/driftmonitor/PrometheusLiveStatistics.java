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
 * verdict (the first window: one interval), so that a window too small for a verdict keeps growing
 * as the pod source's does, and no row counts in two verdicts. The window's start lives in operator
 * memory; after a restart the first window is one interval.
 */
public final class PrometheusLiveStatistics {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(PrometheusLiveStatistics.class);

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
    // Never reach back before the last verdict: a reconcile sooner than the interval (an event)
    // would otherwise count the rows of the previous verdict again. A short window has few rows,
    // so it gives Collecting and keeps growing until the next verdict.
    Duration window = Duration.between(start, now);
    if (window.compareTo(MAX_WINDOW) > 0) {
      window = MAX_WINDOW;
    }
    try {
      String binQuery = PrometheusWindow.binQuery(namespace, modelName, window);
      var bins = client.get().query(binQuery);
      var categories =
          client.get().query(PrometheusWindow.categoryQuery(namespace, modelName, window));
      LOG.debugf(
          "window %s since %s: %d bin and %d category series for %s",
          window, start, bins.size(), categories.size(), binQuery);
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
