package dev.gantry.operator.idle;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.operator.trainingjob.TrainingJobReconciler;
import dev.gantry.testing.ChartServiceAccount;
import dev.gantry.testing.DcgmTestExporter;
import dev.gantry.testing.RealPrometheus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What the idle-reclaim E2E runs in its JVM against the local cluster: the TrainingJob reconciler
 * (JOSDK, one namespace), the cluster-wide idle reclaimer (as the chart's service account, with its
 * ClusterRole), a real Prometheus scraping a DCGM-format exporter and the reclaimer's own metrics
 * endpoint, and a "GPU" that plays each running pod's utilization as the test says (by TrainingJob
 * name), as dcgm-exporter follows pods.
 */
final class ReclaimHarness implements AutoCloseable {
  static final Duration CHECK = Duration.ofSeconds(3);

  final RealPrometheus prometheus;
  final DcgmTestExporter dcgm = new DcgmTestExporter();
  final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
  final IdleReclaimer reclaimer;
  private final KubernetesClient client;
  private final KubernetesClient reclaimerClient;
  private final String namespace;
  private final Operator operator;
  private final HttpServer metricsServer;
  private final ScheduledExecutorService gpus = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, ToDoubleFunction<Long>> utilization = new ConcurrentHashMap<>();
  private final Set<String> playing = ConcurrentHashMap.newKeySet();
  private final long started = System.nanoTime();
  private final java.time.Instant startedAt = java.time.Instant.now();

  ReclaimHarness(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    prometheus = RealPrometheus.start(Duration.ofSeconds(1));
    prometheus.addTarget("dcgm", dcgm.hostPort(), "/metrics");
    metricsServer = serveMetrics();
    prometheus.addTarget(
        "gantry-operator", "127.0.0.1:" + metricsServer.getAddress().getPort(), "/q/metrics");
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new TrainingJobReconciler(training(), Clock.systemUTC()),
        c -> c.settingNamespace(namespace));
    operator.start();
    // The reclaimer runs with the chart's RBAC, so a verb the chart lacks fails here too.
    reclaimerClient = ChartServiceAccount.client();
    reclaimer =
        new IdleReclaimer(
            reclaimerClient,
            ReclaimSettings.defaults(CHECK),
            Optional.of(
                new PrometheusQueryClient(
                    URI.create(prometheus.url()), Duration.ofSeconds(2), Optional.empty())),
            new GpuMetrics(registry),
            Clock.systemUTC());
    gpus.scheduleWithFixedDelay(this::playGpus, 0, 300, TimeUnit.MILLISECONDS);
    reclaimer.start();
  }

  java.time.Instant startedAt() {
    return startedAt;
  }

  /** From now on the GPUs of this TrainingJob's running pods show {@code percent(t)}. */
  void utilization(String trainingJob, ToDoubleFunction<Long> percentAtSecond) {
    utilization.put(trainingJob, percentAtSecond);
  }

  void utilization(String trainingJob, double percent) {
    utilization(trainingJob, t -> percent);
  }

  private void playGpus() {
    try {
      long second = (System.nanoTime() - started) / 1_000_000_000L;
      Set<String> now = new HashSet<>();
      for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
        String tj = pod.getMetadata().getLabels().get(Labels.TRAINING_JOB);
        ToDoubleFunction<Long> f = tj == null ? null : utilization.get(tj);
        if (f == null || !GpuPods.running(pod)) {
          continue;
        }
        String name = pod.getMetadata().getName();
        dcgm.setPodUtilization(
            namespace, name, GpuPods.gpus(pod, "nvidia.com/gpu"), f.applyAsDouble(second));
        now.add(name);
      }
      for (String gone : playing) {
        if (!now.contains(gone)) {
          dcgm.removePod(namespace, gone);
        }
      }
      playing.retainAll(now);
      playing.addAll(now);
    } catch (RuntimeException e) {
      // the API server may be briefly busy; the next round plays again
    }
  }

  private HttpServer serveMetrics() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/q/metrics",
          exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GantryConfig.Training training() {
    return new GantryConfig.Training() {
      @Override
      public String gpuResourceName() {
        return "nvidia.com/gpu";
      }

      @Override
      public int masterPort() {
        return 29500;
      }
    };
  }

  @Override
  public void close() {
    reclaimer.close();
    reclaimerClient.close();
    gpus.shutdownNow();
    operator.stop();
    metricsServer.stop(0);
    dcgm.close();
    prometheus.close();
  }
}
