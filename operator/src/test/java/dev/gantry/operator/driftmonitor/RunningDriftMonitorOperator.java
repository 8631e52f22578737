package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.storage.Storage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Only the DriftMonitor reconciler, run by JOSDK in the test JVM against a real API server,
 * watching one namespace; its metrics go to a registry the test reads.
 */
final class RunningDriftMonitorOperator implements AutoCloseable {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Operator operator;
  private final Storage storage = Storage.fromEnvironment();

  private RunningDriftMonitorOperator(
      KubernetesClient client, String namespace, Optional<PrometheusQueryClient> prometheus) {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new DriftMonitorReconciler(
            Clock.systemUTC(),
            new BaselineReader(storage),
            new PodLiveStatistics(new PodStatistics(Duration.ofSeconds(5))),
            new PrometheusLiveStatistics(prometheus),
            new DriftMetrics(registry)),
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningDriftMonitorOperator start(KubernetesClient client, String namespace) {
    return new RunningDriftMonitorOperator(client, namespace, Optional.empty());
  }

  /** With the Prometheus source at {@code prometheusUrl}. */
  static RunningDriftMonitorOperator start(
      KubernetesClient client, String namespace, String prometheusUrl) {
    return new RunningDriftMonitorOperator(
        client,
        namespace,
        Optional.of(
            new PrometheusQueryClient(
                URI.create(prometheusUrl), Duration.ofSeconds(5), Optional.empty())));
  }

  @Override
  public void close() {
    operator.stop();
    storage.close();
  }
}
