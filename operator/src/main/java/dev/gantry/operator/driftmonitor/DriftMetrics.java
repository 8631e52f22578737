package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.driftmonitor.stats.DatasetDrift;
import dev.gantry.operator.driftmonitor.stats.FeatureDriftResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code gantry_drift_score{namespace,monitor,feature,method}}, {@code
 * gantry_drift_detected{namespace,monitor}} (1 or 0) and {@code
 * gantry_retrains_triggered_total{namespace,reason}}. A monitor's gauges exist from its first
 * verdict until it is deleted; a feature that leaves the verdict (or changes method) loses its
 * gauge.
 */
public final class DriftMetrics {
  static final String SCORE = "gantry.drift.score";
  static final String DETECTED = "gantry.drift.detected";
  static final String RETRAINS = "gantry.retrains.triggered";

  private final MeterRegistry registry;
  private final Map<String, MonitorGauges> monitors = new ConcurrentHashMap<>();

  public DriftMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private static final class MonitorGauges {
    final AtomicReference<Double> detected = new AtomicReference<>(0.0);
    Meter detectedMeter;
    final Map<String, AtomicReference<Double>> scores = new HashMap<>();
    final Map<String, Meter> scoreMeters = new HashMap<>();
  }

  public synchronized void record(String namespace, String monitor, DatasetDrift drift) {
    MonitorGauges gauges =
        monitors.computeIfAbsent(key(namespace, monitor), k -> new MonitorGauges());
    if (gauges.detectedMeter == null) {
      gauges.detectedMeter =
          Gauge.builder(DETECTED, gauges.detected, AtomicReference::get)
              .description("1 while the DriftMonitor's last verdict is Drifted, else 0")
              .tags("namespace", namespace, "monitor", monitor)
              .register(registry);
    }
    gauges.detected.set(drift.drifted() ? 1.0 : 0.0);
    Map<String, FeatureDriftResult> now = new HashMap<>();
    for (FeatureDriftResult f : drift.features()) {
      now.put(f.name() + "\u0000" + f.method(), f);
    }
    for (var it = gauges.scoreMeters.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!now.containsKey(e.getKey())) {
        registry.remove(e.getValue());
        gauges.scores.remove(e.getKey());
        it.remove();
      }
    }
    for (var e : now.entrySet()) {
      AtomicReference<Double> value =
          gauges.scores.computeIfAbsent(e.getKey(), k -> new AtomicReference<>(0.0));
      value.set(e.getValue().score());
      gauges.scoreMeters.computeIfAbsent(
          e.getKey(),
          k ->
              Gauge.builder(SCORE, value, AtomicReference::get)
                  .description(
                      "Drift score of a feature: a p-value for ks and chiSquared, else a distance")
                  .tags(
                      "namespace",
                      namespace,
                      "monitor",
                      monitor,
                      "feature",
                      e.getValue().name(),
                      "method",
                      e.getValue().method().name())
                  .register(registry));
    }
  }

  public void retrainTriggered(String namespace, String reason) {
    Counter.builder(RETRAINS)
        .description("Retraining TrainingJobs started by DriftMonitors")
        .tags("namespace", namespace, "reason", reason)
        .register(registry)
        .increment();
  }

  /** Removes every gauge of a monitor (it was deleted). */
  public synchronized void remove(String namespace, String monitor) {
    MonitorGauges gauges = monitors.remove(key(namespace, monitor));
    if (gauges == null) {
      return;
    }
    if (gauges.detectedMeter != null) {
      registry.remove(gauges.detectedMeter);
    }
    gauges.scoreMeters.values().forEach(registry::remove);
  }

  private static String key(String namespace, String monitor) {
    return namespace + "/" + monitor;
  }
}
