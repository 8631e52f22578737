package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DriftMonitor reconciler on a real kube-apiserver, reading live statistics from two real
 * inference server processes that serve a model trained by the training image, fed rows from the
 * training image's generator. The serving pods are Pod objects whose status (written by the test,
 * as a kubelet would) says Ready at 127.0.0.1, with the container port named http pointing at a
 * server process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftMonitorReconcilerIT {
  private static final String NS = "driftmonitor-it";
  private static final String SHIFTED_A = "amount=0.5";
  private static final String SHIFTED_B = "distance_from_home_km=0.5";
  private static final Duration EVALUATION = Duration.ofSeconds(60);
  private static final Path OPERATOR_PVC_ROOT = Path.of("/nonexistent/gantry-operator-pvc");

  @TempDir static Path dir;
  private static KubernetesClient client;
  private static ServedFraudModel served;
  private static RunningDriftMonitorOperator operator;

  @BeforeAll
  static void start() throws Exception {
    served = ServedFraudModel.start(dir);
    client = TestApiServer.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .serverSideApply();
    served.register(client, NS);
    servingPod("fraud-a", served.serverA.port, "fraud", "fraud-1");
    servingPod("fraud-b", served.serverB.port, "fraud", "fraud-1");

    operator = startOperator();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (served != null) {
      served.close();
    }
  }

  /** The operator, with a PVC mount root where no claim is mounted, as in its own namespace. */
  private static RunningDriftMonitorOperator startOperator() {
    return RunningDriftMonitorOperator.start(client, NS, OPERATOR_PVC_ROOT);
  }

  /**
   * A Ready pod of {@code service} serving {@code version} at 127.0.0.1, whose http container port
   * is the given server's port.
   */
  private static void servingPod(String name, int port, String service, String version) {
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(NS)
                    .addToLabels(Labels.INFERENCE_SERVICE, service)
                    .addToLabels(Labels.MODEL_VERSION, version)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("server")
                    .withImage("gantry/inference:test")
                    .addNewPort()
                    .withName(ServingPods.PORT_NAME)
                    .withContainerPort(port)
                    .endPort()
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    pod.setStatus(
        new PodBuilder()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("127.0.0.1")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build()
            .getStatus());
    client.resource(pod).updateStatus();
  }

  private static void feed(int rows, String... shifts) throws Exception {
    served.feed(rows, shifts);
  }

  private static DriftMonitor monitor(String name) {
    return client.resources(DriftMonitor.class).inNamespace(NS).withName(name).get();
  }

  private static DriftMonitor awaitMonitor(String name, Predicate<DriftMonitor> condition) {
    await()
        .atMost(EVALUATION)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(monitor(name))
                    .as("DriftMonitor %s: %s; events %s", name, statusOf(name), events(name))
                    .matches(m -> m != null && m.getStatus() != null && condition.test(m)));
    return monitor(name);
  }

  private static String statusOf(String name) {
    DriftMonitor m = monitor(name);
    return m == null ? "absent" : client.getKubernetesSerialization().asJson(m.getStatus());
  }

  private static Condition condition(DriftMonitor m, String type) {
    return Conditions.find(m.getStatus().conditions, type).orElseThrow();
  }

  private static List<String> events(String monitor) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> monitor.equals(e.getInvolvedObject().getName()))
        .map((Event e) -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static List<TrainingJob> retrainings(String monitor) {
    return client
        .resources(TrainingJob.class)
        .inNamespace(NS)
        .withLabel(Labels.DRIFT_MONITOR, monitor)
        .list()
        .getItems();
  }

  private static DriftMonitor create(String yaml) {
    return client.resource(ServedFraudModel.load(client, NS, DriftMonitor.class, yaml)).create();
  }

  private static final String TEMPLATE =
      """
          template:
            image: gantry/training:0.1.0
            dataset: {storageUri: "pvc://datasets/fraud/latest.csv"}
            output: {modelName: fraud, storageUri: "pvc://models/fraud"}
      """;

  private static Double gauge(String name, String monitor, String feature) {
    var search = operator.registry.find(name).tag("monitor", monitor);
    if (feature != null) {
      search = search.tag("feature", feature);
    }
    Gauge gauge = search.gauge();
    return gauge == null ? null : gauge.value();
  }

  @Test
  @Order(1)
  void liveDataWithoutShiftIsHealthyAndAHalfSigmaShiftOnTwoFeaturesIsDriftedAndRetrainsOnce()
      throws Exception {
    create(
        """
        apiVersion: gantry.dev/v1alpha1
        kind: DriftMonitor
        metadata: {name: fraud-drift}
        spec:
          inferenceService: fraud
          interval: 10s
          window: {minSamples: 1000}
          driftShare: "0.25"
          retrain:
            enabled: true
            cooldown: 1h
        """
            + TEMPLATE);

    // No traffic yet: no verdict, only the count.
    DriftMonitor collecting =
        awaitMonitor("fraud-drift", m -> m.getStatus().phase == DriftMonitorPhase.Collecting);
    assertThat(collecting.getStatus().samples).isLessThan(1000);
    assertThat(condition(collecting, "DriftDetected").getStatus()).isEqualTo("Unknown");
    assertThat(collecting.getStatus().baselineModelVersion).isEqualTo("fraud-1");

    feed(1200);
    DriftMonitor healthy =
        awaitMonitor("fraud-drift", m -> m.getStatus().phase == DriftMonitorPhase.Healthy);
    assertThat(healthy.getStatus().samples).isGreaterThanOrEqualTo(1000);
    assertThat(healthy.getStatus().features).hasSize(7);
    assertThat(DriftMonitorStatusCalculator.driftedFeatures(healthy.getStatus()))
        .hasSizeLessThan(2);
    assertThat(condition(healthy, "DriftDetected").getStatus()).isEqualTo("False");
    assertThat(condition(healthy, "Ready").getStatus()).isEqualTo("True");
    assertThat(healthy.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(retrainings("fraud-drift")).isEmpty();
    assertThat(gauge(DriftMetrics.DETECTED, "fraud-drift", null)).isEqualTo(0.0);

    feed(1200, SHIFTED_A, SHIFTED_B);
    DriftMonitor drifted =
        awaitMonitor("fraud-drift", m -> m.getStatus().phase == DriftMonitorPhase.Drifted);
    assertThat(DriftMonitorStatusCalculator.driftedFeatures(drifted.getStatus()))
        .as(statusOf("fraud-drift"))
        .containsExactlyInAnyOrder("amount", "distance_from_home_km");
    Condition driftDetected = condition(drifted, "DriftDetected");
    assertThat(driftDetected.getStatus()).isEqualTo("True");
    assertThat(driftDetected.getMessage())
        .startsWith("2 of 7 features drifted; worst: ")
        .contains("amount (wasserstein")
        .contains("distance_from_home_km (wasserstein");
    assertThat(events("fraud-drift"))
        .anyMatch(e -> e.startsWith("Warning DriftDetected: 2 of 7 features drifted"));
    assertThat(gauge(DriftMetrics.DETECTED, "fraud-drift", null)).isEqualTo(1.0);
    assertThat(gauge(DriftMetrics.SCORE, "fraud-drift", "amount")).isGreaterThan(0.1);

    // Retraining: one TrainingJob from the template, owned by the monitor, recorded in status.
    List<TrainingJob> jobs = retrainings("fraud-drift");
    assertThat(jobs)
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("fraud-drift-retrain-1");
    TrainingJob job = jobs.get(0);
    assertThat(job.getSpec().image).isEqualTo("gantry/training:0.1.0");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .matches(o -> o.getUid().equals(drifted.getMetadata().getUid()) && o.getController());
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(RetrainResources.REASON_ANNOTATION, "Drift");
    assertThat(drifted.getStatus().lastRetrain.trainingJob).isEqualTo("fraud-drift-retrain-1");
    assertThat(drifted.getStatus().lastRetrain.reason).isEqualTo("Drift");
    assertThat(condition(drifted, "RetrainTriggered").getStatus()).isEqualTo("True");
    assertThat(events("fraud-drift")).anyMatch(e -> e.startsWith("Normal RetrainTriggered"));

    // The retraining finishes; drift goes on, but the cooldown (1h) holds the next one.
    job.setStatus(new TrainingJobStatus());
    job.getStatus().phase = TrainingJobPhase.Succeeded;
    client.resource(job).updateStatus();
    String before = drifted.getStatus().lastEvaluationTime;
    feed(1200, SHIFTED_A, SHIFTED_B);
    DriftMonitor held =
        awaitMonitor(
            "fraud-drift",
            m ->
                !before.equals(m.getStatus().lastEvaluationTime)
                    && m.getStatus().phase == DriftMonitorPhase.Drifted
                    && "Cooldown".equals(condition(m, "RetrainTriggered").getReason()));
    assertThat(condition(held, "RetrainTriggered").getMessage()).contains("cooldown of 1h");
    assertThat(retrainings("fraud-drift")).hasSize(1);
    assertThat(held.getStatus().lastRetrain.trainingJob).isEqualTo("fraud-drift-retrain-1");

    // The inputs return to normal: drift ends, with a Normal event.
    feed(2400);
    awaitMonitor("fraud-drift", m -> m.getStatus().phase == DriftMonitorPhase.Healthy);
    assertThat(events("fraud-drift")).anyMatch(e -> e.startsWith("Normal DriftResolved"));
    assertThat(gauge(DriftMetrics.DETECTED, "fraud-drift", null)).isEqualTo(0.0);

    // Deleting the monitor removes its metrics.
    client.resource(monitor("fraud-drift")).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(monitor("fraud-drift")).isNull();
              assertThat(gauge(DriftMetrics.DETECTED, "fraud-drift", null)).isNull();
              assertThat(gauge(DriftMetrics.SCORE, "fraud-drift", "amount")).isNull();
            });
  }

  @Test
  @Order(2)
  void aScheduleAloneStartsOneRetrainingAndTheCooldownHoldsTheNextFiring() {
    create(
        """
        apiVersion: gantry.dev/v1alpha1
        kind: DriftMonitor
        metadata: {name: fraud-weekly}
        spec:
          inferenceService: fraud
          interval: 10s
          retrain:
            enabled: true
            onDrift: false
            schedule: "* * * * *"
            cooldown: 1h
        """
            + TEMPLATE);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(retrainings("fraud-weekly")).hasSize(1));
    TrainingJob job = retrainings("fraud-weekly").get(0);
    assertThat(job.getMetadata().getName()).isEqualTo("fraud-weekly-retrain-1");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(RetrainResources.REASON_ANNOTATION, "Schedule");
    awaitMonitor(
        "fraud-weekly",
        m ->
            m.getStatus().lastRetrain != null
                && "Schedule".equals(m.getStatus().lastRetrain.reason));

    // An operator restart (no memory of what it did) starts no second retraining: the running
    // TrainingJob is found on the API server.
    operator.close();
    operator = startOperator();
    String evaluated = monitor("fraud-weekly").getStatus().lastEvaluationTime;
    awaitMonitor(
        "fraud-weekly",
        m ->
            !evaluated.equals(m.getStatus().lastEvaluationTime)
                && "Schedule".equals(condition(m, "RetrainTriggered").getReason()));
    assertThat(retrainings("fraud-weekly")).hasSize(1);

    job.setStatus(new TrainingJobStatus());
    job.getStatus().phase = TrainingJobPhase.Failed;
    client.resource(job).updateStatus();
    // The next minute's firing is due, but within the cooldown.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(condition(monitor("fraud-weekly"), "RetrainTriggered").getReason())
                    .isEqualTo("Cooldown"));
    assertThat(retrainings("fraud-weekly")).hasSize(1);
  }

  @Test
  @Order(3)
  void aMissingServiceIsReportedNotRetried() {
    create(
        """
        apiVersion: gantry.dev/v1alpha1
        kind: DriftMonitor
        metadata: {name: nowhere}
        spec: {inferenceService: nowhere, interval: 10s}
        """);

    DriftMonitor failed =
        awaitMonitor("nowhere", m -> m.getStatus().phase == DriftMonitorPhase.Failed);
    Condition ready = condition(failed, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(DriftMonitorReasons.SERVICE_NOT_FOUND);
    assertThat(ready.getMessage()).isEqualTo("InferenceService nowhere does not exist");
    assertThat(events("nowhere"))
        .contains("Warning InferenceServiceNotFound: InferenceService nowhere does not exist");

    // Later evaluations that find the same state write nothing and announce nothing again.
    String resourceVersion = failed.getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(15))
        .atMost(Duration.ofSeconds(20))
        .until(() -> monitor("nowhere").getMetadata().getResourceVersion().equals(resourceVersion));
    assertThat(events("nowhere")).hasSize(1);
  }

  @Test
  @Order(4)
  void aBaselineOnAClaimTheOperatorHasNotMountedIsReadFromTheServingPod() throws Exception {
    // Claim "models" as the serving pod mounts it; the operator has no claims mounted.
    Path claims = dir.resolve("serving-pvc");
    Path files = Files.createDirectories(claims.resolve("models/fraud/2"));
    Files.copy(served.model().resolve("model.onnx"), files.resolve("model.onnx"));
    Files.copy(served.model().resolve("baseline.json"), files.resolve("baseline.json"));
    try (InferenceServerProcess server =
        InferenceServerProcess.startFromClaim(
            claims, "pvc://models/fraud/2/model.onnx", "2", dir.resolve("server-claim"))) {
      ServedFraudModel.register(
          client,
          NS,
          "fraud-claim",
          "fraud-2",
          "2",
          "pvc://models/fraud/2/model.onnx",
          "pvc://models/fraud/2/baseline.json");
      servingPod("fraud-claim-a", server.port, "fraud-claim", "fraud-2");
      create(
          """
          apiVersion: gantry.dev/v1alpha1
          kind: DriftMonitor
          metadata: {name: fraud-claim-drift}
          spec: {inferenceService: fraud-claim, interval: 10s, window: {minSamples: 1000}}
          """);

      server.send(FraudData.generate(dir.resolve("claim-live.csv"), 1200, 42));
      DriftMonitor healthy =
          awaitMonitor("fraud-claim-drift", m -> m.getStatus().phase == DriftMonitorPhase.Healthy);
      assertThat(healthy.getStatus().baselineModelVersion).isEqualTo("fraud-2");
      assertThat(healthy.getStatus().features).hasSize(7);
      assertThat(healthy.getStatus().samples).isGreaterThanOrEqualTo(1000);
      assertThat(condition(healthy, "Ready").getReason()).isEqualTo(DriftMonitorReasons.EVALUATED);

      // A version no pod serves: the message says what was tried.
      ServedFraudModel.register(
          client,
          NS,
          "fraud-unserved",
          "fraud-9",
          "9",
          "pvc://models/fraud/9/model.onnx",
          "pvc://models/fraud/9/baseline.json");
      create(
          """
          apiVersion: gantry.dev/v1alpha1
          kind: DriftMonitor
          metadata: {name: fraud-unserved-drift}
          spec: {inferenceService: fraud-unserved, interval: 10s}
          """);
      String tried =
          "cannot read the baseline of fraud-9 at pvc://models/fraud/9/baseline.json: claim"
              + " models is not mounted in the operator ("
              + OPERATOR_PVC_ROOT.resolve("models")
              + "), and ";
      DriftMonitor unserved =
          awaitMonitor(
              "fraud-unserved-drift", m -> m.getStatus().phase == DriftMonitorPhase.Failed);
      assertThat(condition(unserved, "Ready").getReason())
          .isEqualTo(DriftMonitorReasons.BASELINE_UNREADABLE);
      assertThat(condition(unserved, "Ready").getMessage())
          .isEqualTo(
              tried
                  + "no ready pod labelled gantry.dev/inferenceservice=fraud-unserved serves"
                  + " fraud-9 (gantry.dev/modelversion) to ask for /v2/models/fraud/baseline");

      // A pod labelled fraud-9 whose server serves version 2 is not believed.
      servingPod("fraud-unserved-a", server.port, "fraud-unserved", "fraud-9");
      awaitMonitor(
          "fraud-unserved-drift",
          m ->
              condition(m, "Ready")
                  .getMessage()
                  .equals(
                      tried
                          + "no ready serving pod answered /v2/models/fraud/baseline:"
                          + " fraud-unserved-a: it serves model version 2, not 9"));
    }
  }
}
