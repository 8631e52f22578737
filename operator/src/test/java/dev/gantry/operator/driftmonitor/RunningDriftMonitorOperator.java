package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.storage.Storage;
import dev.gantry.storage.StorageConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
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
  private final Storage storage;

  private RunningDriftMonitorOperator(
      KubernetesClient client,
      String namespace,
      Optional<PrometheusQueryClient> prometheus,
      Path pvcMountRoot) {
    StorageConfig config = StorageConfig.fromEnvironment();
    storage = new Storage(pvcMountRoot == null ? config : config.withPvcMountRoot(pvcMountRoot));
    ServingPodHttp pods = new ServingPodHttp(Duration.ofSeconds(5));
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new DriftMonitorReconciler(
            Clock.systemUTC(),
            new BaselineReader(storage, new PodBaselines(pods)::fetch),
            new PodLiveStatistics(new PodStatistics(pods)),
            new PrometheusLiveStatistics(prometheus),
            new DriftMetrics(registry)),
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningDriftMonitorOperator start(KubernetesClient client, String namespace) {
    return new RunningDriftMonitorOperator(client, namespace, Optional.empty(), null);
  }

  /**
   * With claim {@code c} of {@code pvc://c/...} looked for under {@code pvcMountRoot}: a directory
   * without the claims plays the operator pod, which never mounts the users' claims.
   */
  static RunningDriftMonitorOperator start(
      KubernetesClient client, String namespace, Path pvcMountRoot) {
    return new RunningDriftMonitorOperator(client, namespace, Optional.empty(), pvcMountRoot);
  }

  /** With the Prometheus source at {@code prometheusUrl}. */
  static RunningDriftMonitorOperator start(
      KubernetesClient client, String namespace, String prometheusUrl) {
    return new RunningDriftMonitorOperator(
        client,
        namespace,
        Optional.of(
            new PrometheusQueryClient(
                URI.create(prometheusUrl), Duration.ofSeconds(5), Optional.empty())),
        null);
  }

  @Override
  public void close() {
    operator.stop();
    storage.close();
  }
}
