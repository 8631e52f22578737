package dev.gantry.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's Prometheus metrics (prefix {@code gantry_inference_}): requests by model, protocol
 * and outcome; queue, inference and total latency histograms; batch sizes; model load time; values
 * outside the training range; and the live feature statistics per baseline bin and category.
 */
@ApplicationScoped
public class InferenceMetrics {

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(1000)
  };

  /**
   * Model tag of the meters the server's own warm-up requests are recorded in: they take the same
   * code path as real requests (so the first real one finds it warm) and are removed afterwards.
   */
  public static final String WARM_UP_MODEL = "gantry-warm-up";

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, DistributionSummary> batchSizes =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicReference<Double>> loadSeconds =
      new ConcurrentHashMap<>();

  public InferenceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers a model's request, latency and batch meters up front: series exist (at 0) from the
   * start, and the first real request does not pay for meter creation.
   */
  public void register(String model) {
    for (String protocol : List.of("rest", "grpc")) {
      for (String outcome : List.of("success", "invalid")) {
        counter(model, protocol, outcome);
      }
      timer("gantry.inference.request.duration", "End-to-end request latency", model, protocol);
    }
    timer("gantry.inference.queue.duration", "Time waiting for a batch", model, null);
    timer("gantry.inference.run.duration", "session.run latency", model, null);
    batchSize(model);
  }

  /** Removes every meter of {@code model} (the warm-up's scratch meters). */
  public void forget(String model) {
    String tag = '|' + model + '|';
    requests.keySet().removeIf(k -> k.contains(tag) || k.startsWith(model + '|'));
    timers.keySet().removeIf(k -> k.contains(tag));
    batchSizes.remove(model);
    registry.getMeters().stream()
        .filter(m -> model.equals(m.getId().getTag("model")))
        .toList()
        .forEach(registry::remove);
  }

  public void request(String model, String protocol, String outcome, long totalNanos) {
    counter(model, protocol, outcome).increment();
    timer("gantry.inference.request.duration", "End-to-end request latency", model, protocol)
        .record(totalNanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String model, String protocol, String outcome) {
    return requests.computeIfAbsent(
        model + '|' + protocol + '|' + outcome,
        k ->
            Counter.builder("gantry.inference.requests")
                .description("Inference requests by model, protocol and outcome")
                .tags("model", model, "protocol", protocol, "outcome", outcome)
                .register(registry));
  }

  public void run(String model, long queueNanos, long runNanos, int batchRows) {
    timer("gantry.inference.queue.duration", "Time waiting for a batch", model, null)
        .record(queueNanos, TimeUnit.NANOSECONDS);
    timer("gantry.inference.run.duration", "session.run latency", model, null)
        .record(runNanos, TimeUnit.NANOSECONDS);
    batchSize(model).record(batchRows);
  }

  private DistributionSummary batchSize(String model) {
    return batchSizes.computeIfAbsent(
        model,
        k ->
            DistributionSummary.builder("gantry.inference.batch.size")
                .description("Rows per session.run")
                .baseUnit("rows")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .tags("model", model)
                .register(registry));
  }

  public void modelLoaded(String model, double seconds) {
    loadSeconds
        .computeIfAbsent(
            model,
            k -> {
              AtomicReference<Double> ref = new AtomicReference<>(seconds);
              Gauge.builder("gantry.inference.model.load.seconds", ref, AtomicReference::get)
                  .description("Time to fetch, verify, load and warm up the model")
                  .tags("model", model)
                  .register(registry);
              return ref;
            })
        .set(seconds);
  }

  public void outOfRange(String model, List<String> features) {
    for (String feature : features) {
      registry
          .counter("gantry.inference.out.of.range", "model", model, "feature", feature)
          .increment();
    }
  }

  /** Exposes live feature counts: one counter per baseline bin or category, plus missing. */
  public void registerFeatures(String model, FeatureStatistics stats) {
    for (LiveFeature f : stats.features()) {
      String feature = f.binding().feature().name();
      if (f.isNumeric()) {
        List<Double> edges = f.binding().feature().binEdges();
        for (int bin = 0; bin < edges.size() - 1; bin++) {
          int b = bin;
          FunctionCounter.builder("gantry.inference.feature.bin", f, x -> x.binCount(b))
              .description("Live values per baseline bin [lower, upper) (Bins.indexOf rule)")
              .tags(
                  "model", model,
                  "feature", feature,
                  "bin", Integer.toString(bin),
                  "lower", edges.get(bin).toString(),
                  "upper", edges.get(bin + 1).toString())
              .register(registry);
        }
      } else {
        for (String category : f.categoryCounts().keySet()) {
          FunctionCounter.builder(
                  "gantry.inference.feature.category", f, x -> x.categoryCount(category))
              .description("Live values per baseline category")
              .tags("model", model, "feature", feature, "category", category)
              .register(registry);
        }
      }
      FunctionCounter.builder("gantry.inference.feature.missing", f, LiveFeature::missing)
          .description("Live values that were missing (NaN)")
          .tags("model", model, "feature", feature)
          .register(registry);
    }
  }

  private Timer timer(String name, String description, String model, String protocol) {
    String key = name + '|' + model + '|' + protocol;
    return timers.computeIfAbsent(
        key,
        k -> {
          Timer.Builder b =
              Timer.builder(name)
                  .description(description)
                  .serviceLevelObjectives(LATENCY_BUCKETS)
                  .tags("model", model);
          if (protocol != null) {
            b.tags("protocol", protocol);
          }
          return b.register(registry);
        });
  }
}
