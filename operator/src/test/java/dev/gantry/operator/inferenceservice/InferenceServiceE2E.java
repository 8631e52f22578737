package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServiceTestSupport.condition;
import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.AnalysisSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.RealPrometheus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * InferenceServices on the local cluster: the real Deployment controller and scheduler run the
 * serving pods on the simulated nodes (KWOK marks them Running and Ready), and canary analysis
 * reads a real Prometheus that scrapes the canary pods' request metrics from test exporters. Only
 * the InferenceService reconciler runs; the tests set ModelVersion status themselves.
 */
class InferenceServiceE2E {
  private static final String NS = "inferenceservice-e2e";

  private static KubernetesClient client;
  private static InferenceServiceTestSupport support;
  private static RealPrometheus prometheus;
  private static RunningInferenceOperator operator;

  @BeforeAll
  static void start() {
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    support = new InferenceServiceTestSupport(client, NS);
    prometheus = RealPrometheus.start(Duration.ofSeconds(1));
    operator =
        RunningInferenceOperator.start(
            client,
            NS,
            new PrometheusQueryClient(
                URI.create(prometheus.url()), Duration.ofSeconds(5), Optional.empty()));
  }

  private static void restartOperator() {
    operator.close();
    operator =
        RunningInferenceOperator.start(
            client,
            NS,
            new PrometheusQueryClient(
                URI.create(prometheus.url()), Duration.ofSeconds(5), Optional.empty()));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static InferenceService withRollout(InferenceService isvc, String stepInterval) {
    RolloutSpec rollout = new RolloutSpec();
    rollout.steps = new ArrayList<>(List.of(20, 50, 100));
    rollout.stepInterval = stepInterval;
    rollout.autoRollback = true;
    rollout.analysis = new AnalysisSpec();
    rollout.analysis.maxErrorRate = "0.05";
    rollout.analysis.maxP99LatencyMillis = 200;
    rollout.analysis.minRequests = 20;
    isvc.getSpec().rollout = rollout;
    return isvc;
  }

  private static InferenceService serveReady(String name, String version, InferenceService isvc) {
    support.createModelVersion(name + "-" + version, version, true);
    support.create(isvc);
    return support.awaitPhase(name, InferenceServicePhase.Ready, 120);
  }

  private static boolean available(Deployment d) {
    return d != null
        && d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void validatedVersionGoesReadyAndServesOnTheSimulatedNodes() {
    InferenceService ready = serveReady("serve", "7", isvc("serve", "serve-7"));

    assertThat(ready.getStatus().modelVersion).isEqualTo("serve-7");
    assertThat(ready.getStatus().readyReplicas).isEqualTo(1);
    assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
    Deployment predictor = support.deployment("serve-predictor");
    assertThat(available(predictor)).as("Deployment Available: %s", predictor.getStatus()).isTrue();
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withLabel(InferenceServiceNames.INFERENCE_SERVICE, "serve")
                .list()
                .getItems())
        .singleElement()
        .satisfies(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).startsWith("gpu-node-");
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
    assertThat(client.endpoints().inNamespace(NS).withName("serve").get().getSubsets())
        .as("the Service has the pod as a ready endpoint")
        .singleElement()
        .satisfies(s -> assertThat(s.getAddresses()).hasSize(1));
  }

  @Test
  void unvalidatedVersionIsRefusedAndTheOldOneKeepsServing() {
    serveReady("refuse", "1", isvc("refuse", "refuse-1"));
    support.createModelVersion("refuse-2", "2", false);
    support.setModelVersion("refuse", "refuse-2");

    InferenceService degraded = support.awaitPhase("refuse", InferenceServicePhase.Degraded, 60);
    assertThat(condition(degraded, "ModelResolved").getReason()).isEqualTo("ModelNotValidated");
    assertThat(condition(degraded, "Ready").getStatus()).isEqualTo("True");
    assertThat(degraded.getStatus().modelVersion).isEqualTo("refuse-1");
    assertThat(degraded.getStatus().canary).isNull();
    Deployment predictor = support.deployment("refuse-predictor");
    assertThat(ServingDeployments.version(predictor)).contains("refuse-1");
    assertThat(available(predictor)).isTrue();
    assertThat(support.deployment("refuse-canary")).isNull();
  }

  @Test
  void versionChangeWalksTheStepsAndPromotesOnHealthyNumbers() {
    serveReady("promo", "1", withRollout(isvc("promo", "promo-1"), "15s"));
    support.createModelVersion("promo-2", "2", true);
    try (CanaryTraffic traffic = new CanaryTraffic(client, prometheus, NS, "promo", 10, 0)) {
      support.setModelVersion("promo", "promo-2");

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(support.get("promo").getStatus().canary)
                      .as("events %s", support.events("promo"))
                      .isNotNull()
                      .satisfies(
                          c -> {
                            assertThat(c.modelVersion).isEqualTo("promo-2");
                            assertThat(c.step).isEqualTo(1);
                            assertThat(c.trafficPercent).isEqualTo(50);
                          }));
      assertThat(condition(support.get("promo"), "CanaryReady").getMessage()).contains("requests");

      // An operator restart in the middle of the step resumes it: same step, same start time.
      String stepStart = support.get("promo").getStatus().canary.stepStartTime;
      restartOperator();
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.reconciles() >= 1);
      // (A 15 s step leaves ample time for the restart.)
      InferenceService resumed = support.get("promo");
      assertThat(resumed.getStatus().canary.step).isEqualTo(1);
      assertThat(resumed.getStatus().canary.stepStartTime).isEqualTo(stepStart);

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                InferenceService promoted = support.get("promo");
                assertThat(promoted.getStatus().modelVersion)
                    .as("events %s", support.events("promo"))
                    .isEqualTo("promo-2");
                assertThat(promoted.getStatus().canary).isNull();
              });
      assertThat(traffic.podsSeen()).isPositive();
    }
    InferenceService ready = support.awaitPhase("promo", InferenceServicePhase.Ready, 90);
    assertThat(condition(ready, "RolledBack").getStatus()).isEqualTo("False");
    assertThat(ServingDeployments.version(support.deployment("promo-predictor")))
        .contains("promo-2");
    await().atMost(Duration.ofSeconds(60)).until(() -> support.deployment("promo-canary") == null);
    assertThat(support.events("promo"))
        .anyMatch(e -> e.startsWith("Normal RolloutStarted"))
        .anyMatch(e -> e.startsWith("Normal StepAdvanced") && e.contains("50%"))
        .anyMatch(e -> e.startsWith("Normal Promoted"));
  }

  @Test
  void canaryOverTheErrorRateLimitIsRolledBack() {
    serveReady("rollback", "1", withRollout(isvc("rollback", "rollback-1"), "10s"));
    support.createModelVersion("rollback-2", "2", true);
    double rollbacksBefore = operator.rollbacks();
    try (CanaryTraffic traffic = new CanaryTraffic(client, prometheus, NS, "rollback", 10, 3)) {
      support.setModelVersion("rollback", "rollback-2");
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(support.get("rollback").getStatus().rolledBackVersion)
                      .as(
                          "status %s, events %s",
                          support.get("rollback").getStatus(), support.events("rollback"))
                      .isEqualTo("rollback-2"));
    }
    InferenceService rolledBack = support.get("rollback");
    assertThat(rolledBack.getStatus().modelVersion).isEqualTo("rollback-1");
    assertThat(rolledBack.getStatus().canary).isNull();
    assertThat(condition(rolledBack, "RolledBack").getStatus()).isEqualTo("True");
    assertThat(condition(rolledBack, "RolledBack").getMessage())
        .contains("rollback-2 rolled back at 20% of traffic")
        .containsPattern("error rate 0\\.[23][0-9]* > max 0\\.05");
    assertThat(support.events("rollback"))
        .anyMatch(e -> e.startsWith("Warning RolledBack") && e.contains("error rate"));
    assertThat(operator.rollbacks()).isEqualTo(rollbacksBefore + 1);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> support.deployment("rollback-canary") == null);
    assertThat(ServingDeployments.version(support.deployment("rollback-predictor")))
        .contains("rollback-1");
    assertThat(support.awaitPhase("rollback", InferenceServicePhase.Degraded, 30).getStatus().phase)
        .isEqualTo(InferenceServicePhase.Degraded);
  }
}
