package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorPhase;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.operator.common.Conditions;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.RealPrometheus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DriftMonitor on the local cluster with {@code statisticsSource: Prometheus}. KWOK's pods have
 * no reachable address, so the live inputs go to two real inference server processes on this
 * machine, a real Prometheus scrapes their /metrics (labelled with the namespace, as Kubernetes
 * discovery would), and the monitor reads the window from Prometheus' query API.
 */
class DriftMonitorPrometheusE2E {
  private static final String NS = "driftmonitor-e2e";

  /**
   * Two seconds, not one: a scrape may take no longer than the interval, and on a loaded 2-core
   * machine the servers' /metrics sometimes took over a second; every failed scrape is a gap in the
   * window that increase() reads.
   */
  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static KubernetesClient client;
  private static ServedFraudModel served;
  private static RealPrometheus prometheus;
  private static RunningDriftMonitorOperator operator;

  @BeforeAll
  static void start() throws Exception {
    served = ServedFraudModel.start(dir);
    prometheus = RealPrometheus.start(SCRAPE_INTERVAL);
    prometheus.addTarget(
        "fraud",
        "127.0.0.1:" + served.serverA.port,
        "/metrics",
        Map.of("namespace", NS, "pod", "fraud-a"));
    prometheus.addTarget(
        "fraud",
        "127.0.0.1:" + served.serverB.port,
        "/metrics",
        Map.of("namespace", NS, "pod", "fraud-b"));
    prometheus.awaitTargetsUp(Duration.ofSeconds(60));

    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    served.register(client, NS);
    operator = RunningDriftMonitorOperator.start(client, NS, prometheus.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.resources(DriftMonitor.class).inNamespace(NS).delete();
      client.resources(InferenceService.class).inNamespace(NS).delete();
      client.resources(ModelVersion.class).inNamespace(NS).delete();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (served != null) {
      served.close();
    }
  }

  private static DriftMonitor monitor() {
    return client.resources(DriftMonitor.class).inNamespace(NS).withName("fraud-drift").get();
  }

  private static DriftMonitor awaitMonitor(Predicate<DriftMonitor> condition) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(monitor())
                    .as(
                        "DriftMonitor status %s",
                        monitor() == null
                            ? "absent"
                            : client.getKubernetesSerialization().asJson(monitor().getStatus()))
                    .matches(m -> m != null && m.getStatus() != null && condition.test(m)));
    return monitor();
  }

  @Test
  void prometheusWindowsSayHealthyWithoutShiftAndDriftedWithTheTwoShiftedFeaturesNamed()
      throws Exception {
    client
        .resource(
            ServedFraudModel.load(
                client,
                NS,
                DriftMonitor.class,
                """
                apiVersion: gantry.dev/v1alpha1
                kind: DriftMonitor
                metadata: {name: fraud-drift}
                spec:
                  inferenceService: fraud
                  statisticsSource: Prometheus
                  interval: 10s
                  window: {minSamples: 1000}
                  driftShare: "0.25"
                """))
        .create();
    DriftMonitor collecting =
        awaitMonitor(m -> m.getStatus().phase == DriftMonitorPhase.Collecting);
    assertThat(collecting.getStatus().samples).isLessThan(1000);

    served.feed(1200);
    DriftMonitor healthy = awaitMonitor(m -> m.getStatus().phase == DriftMonitorPhase.Healthy);
    assertThat(healthy.getStatus().features).hasSize(7);
    assertThat(DriftMonitorStatusCalculator.driftedFeatures(healthy.getStatus()))
        .hasSizeLessThan(2);

    served.feed(1200, "amount=0.5", "distance_from_home_km=0.5");
    DriftMonitor drifted = awaitMonitor(m -> m.getStatus().phase == DriftMonitorPhase.Drifted);
    assertThat(DriftMonitorStatusCalculator.driftedFeatures(drifted.getStatus()))
        .containsExactlyInAnyOrder("amount", "distance_from_home_km");
    assertThat(
            Conditions.find(drifted.getStatus().conditions, "DriftDetected")
                .orElseThrow()
                .getMessage())
        .contains("amount (wasserstein")
        .contains("distance_from_home_km (wasserstein");

    // Prometheus going away is reported, not crashed on.
    prometheus.stop();
    DriftMonitor failed = awaitMonitor(m -> m.getStatus().phase == DriftMonitorPhase.Failed);
    assertThat(Conditions.find(failed.getStatus().conditions, "Ready").orElseThrow().getReason())
        .isEqualTo(DriftMonitorReasons.STATISTICS_UNAVAILABLE);
  }
}
