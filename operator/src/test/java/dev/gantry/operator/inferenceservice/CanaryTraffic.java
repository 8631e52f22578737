package dev.gantry.operator.inferenceservice;

import dev.gantry.testing.RealPrometheus;
import dev.gantry.testing.TestExporter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the inference server's /metrics for every canary pod of one InferenceService: the simulated
 * pods run no server, so each gets a {@link TestExporter} that Prometheus scrapes with the
 * namespace and pod labels a Kubernetes scrape gives. Every tick each pod serves {@code
 * requestsPerTick} requests, {@code errorsPerTick} of them failing, all within 25 ms.
 */
final class CanaryTraffic implements AutoCloseable {
  private static final String REQUESTS = "gantry_inference_requests_total";
  private static final String DURATION = "gantry_inference_request_duration_seconds";
  private static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "+Inf"};

  private final KubernetesClient client;
  private final RealPrometheus prometheus;
  private final String namespace;
  private final String inferenceService;
  private final int requestsPerTick;
  private final int errorsPerTick;
  private final Map<String, PodMetrics> pods = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

  private static final class PodMetrics {
    final TestExporter exporter = new TestExporter();
    long success;
    long errors;
  }

  CanaryTraffic(
      KubernetesClient client,
      RealPrometheus prometheus,
      String namespace,
      String inferenceService,
      int requestsPerTick,
      int errorsPerTick) {
    this.client = client;
    this.prometheus = prometheus;
    this.namespace = namespace;
    this.inferenceService = inferenceService;
    this.requestsPerTick = requestsPerTick;
    this.errorsPerTick = errorsPerTick;
    ticker.scheduleAtFixedRate(this::tick, 0, 500, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      for (Pod pod :
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(InferenceServiceNames.INFERENCE_SERVICE, inferenceService)
              .withLabel(InferenceServiceNames.ROLE, Role.canary.name())
              .list()
              .getItems()) {
        String name = pod.getMetadata().getName();
        PodMetrics metrics = pods.computeIfAbsent(name, this::register);
        metrics.success += requestsPerTick - errorsPerTick;
        metrics.errors += errorsPerTick;
        publish(metrics);
      }
    } catch (RuntimeException e) {
      // The next tick tries again; a test assertion reports what went wrong.
    }
  }

  private PodMetrics register(String pod) {
    PodMetrics metrics = new PodMetrics();
    publish(metrics);
    prometheus.addTarget(
        "inference",
        metrics.exporter.hostPort(),
        "/metrics",
        Map.of("namespace", namespace, "pod", pod));
    return metrics;
  }

  private void publish(PodMetrics m) {
    Map<String, String> rest = Map.of("model", inferenceService, "protocol", "rest");
    m.exporter.set(REQUESTS, "counter", with(rest, "outcome", "success"), m.success);
    m.exporter.set(REQUESTS, "counter", with(rest, "outcome", "error"), m.errors);
    long total = m.success + m.errors;
    for (String le : BUCKETS) {
      // Every request took between 10 and 25 ms.
      double count = le.equals("0.005") || le.equals("0.01") ? 0 : total;
      m.exporter.set(DURATION + "_bucket", "untyped", with(rest, "le", le), count);
    }
    m.exporter.set(DURATION + "_count", "untyped", rest, total);
    m.exporter.set(DURATION + "_sum", "untyped", rest, total * 0.02);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.TreeMap<>(labels);
    all.put(key, value);
    return all;
  }

  int podsSeen() {
    return pods.size();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    pods.values().forEach(m -> m.exporter.close());
  }
}
