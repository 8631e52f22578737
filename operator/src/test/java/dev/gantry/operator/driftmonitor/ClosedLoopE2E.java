package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorPhase;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.OperatorProcess;
import dev.gantry.testing.RealPrometheus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with the operator as shipped (its packaged jar, every reconciler): a served model
 * drifts, the DriftMonitor starts a retraining TrainingJob, the job registers a new ModelVersion,
 * validation passes, and the InferenceService (following alias {@code latest}) walks the new
 * version through its canary steps and promotes it on healthy analysis.
 *
 * <p>KWOK plays the nodes, so the model servers whose numbers matter run here as real inference
 * server processes: one for the stable pod, one for the canary pod, each scraped by a real
 * Prometheus under that pod's name and namespace, as a Kubernetes scrape would label them. The
 * drift verdict and the canary analysis both read those series through the query API. The
 * retraining job's result is the termination message of a model really trained on the shifted data
 * by the training image (KWOK hands it back from the pod's annotation); validation runs as a real
 * Job whose pod KWOK completes as a passing validator (scripts/kwok/stages.yaml).
 */
class ClosedLoopE2E {
  private static final String NS = "closed-loop-e2e";

  @TempDir static Path dir;
  private static KubernetesClient client;
  private static RealPrometheus prometheus;
  private static OperatorProcess operator;
  private static final List<InferenceServerProcess> servers = new ArrayList<>();
  private static Path v1;
  private static Path v2;
  private static String v2Result;
  private final java.util.LinkedHashMap<String, java.time.Instant> milestones =
      new java.util.LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    v1 =
        FraudData.train(FraudData.generate(dir.resolve("train-1.csv"), 5000, 1), dir.resolve("v1"));
    // What the retraining job will report: a model trained on data that moved like production's.
    v2 =
        FraudData.train(
            FraudData.generate(
                dir.resolve("train-2.csv"), 5000, 2, "amount=0.5", "distance_from_home_km=0.5"),
            dir.resolve("v2"));
    v2Result = Files.readString(dir.resolve("termination.json"));

    prometheus = RealPrometheus.start(DriftMonitorPrometheusE2E.SCRAPE_INTERVAL);
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    operator =
        OperatorProcess.start(
            Files.readString(LocalCluster.kubeconfig()),
            Map.of(
                "QUARKUS_OPERATOR_SDK_NAMESPACES",
                NS,
                "GANTRY_PROMETHEUS_URL",
                prometheus.url(),
                "GANTRY_IDLE_ENABLED",
                "false",
                "GANTRY_ROLLOUT_ANALYSIS_INTERVAL",
                "2s",
                "QUARKUS_LOG_CATEGORY__DEV_GANTRY_OPERATOR_DRIFTMONITOR__LEVEL",
                "DEBUG"));
    operator.awaitStarted();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    for (InferenceServerProcess server : servers) {
      server.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (client != null) {
      client.resources(DriftMonitor.class).inNamespace(NS).delete();
      client.resources(InferenceService.class).inNamespace(NS).delete();
      client.resources(TrainingJob.class).inNamespace(NS).delete();
      // The operator that would lift the served-version finalizer is gone: lift it here.
      for (ModelVersion mv :
          client.resources(ModelVersion.class).inNamespace(NS).list().getItems()) {
        client
            .resource(mv)
            .edit(
                m -> {
                  m.getMetadata().setFinalizers(List.of());
                  return m;
                });
      }
      client.resources(ModelVersion.class).inNamespace(NS).delete();
      client.namespaces().withName(NS).delete();
    }
  }

  @Test
  void driftRetrainsAndTheValidatedModelIsPromotedThroughTheCanary() throws Exception {
    apply(
        ModelVersion.class,
        """
        apiVersion: gantry.dev/v1alpha1
        kind: ModelVersion
        metadata: {name: fraud-1}
        spec:
          modelName: fraud
          version: "1"
          storageUri: %s
          sha256: %s
          baseline: {storageUri: %s}
        """
            .formatted(
                v1.resolve("model.onnx").toUri(),
                sha256(v1.resolve("model.onnx")),
                v1.resolve("baseline.json").toUri()));
    awaitStatus(
        "ModelVersion fraud-1 Ready",
        () -> modelVersion("fraud-1"),
        mv -> mv.getStatus().phase == ModelVersionPhase.Ready);

    apply(
        InferenceService.class,
        """
        apiVersion: gantry.dev/v1alpha1
        kind: InferenceService
        metadata: {name: fraud}
        spec:
          modelRef: {modelName: fraud, alias: latest}
          minReplicas: 1
          maxReplicas: 2
          rollout:
            steps: [50, 100]
            stepInterval: 10s
            analysis: {maxErrorRate: "0.05", maxP99LatencyMillis: 2000, minRequests: 10}
        """);
    awaitStatus(
        "InferenceService fraud serving fraud-1",
        this::inferenceService,
        s -> "fraud-1".equals(s.getStatus().modelVersion) && s.getStatus().readyReplicas != null);
    InferenceServerProcess stable = serve(v1, "fraud-1");

    DriftMonitor monitor =
        client
            .getKubernetesSerialization()
            .unmarshal(
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
                  retrain:
                    enabled: true
                    onDrift: true
                    cooldown: 1h
                    template:
                      image: gantry/training:0.1.0
                      resources: {limits: {nvidia.com/gpu: "1"}}
                      output: {modelName: fraud, storageUri: %s, register: true}
                      podTemplate: {annotations: {}}
                """
                    .formatted(v2.toUri()),
                DriftMonitor.class);
    monitor.getMetadata().setNamespace(NS);
    monitor
        .getSpec()
        .retrain
        .template
        .podTemplate
        .annotations
        .put("e2e.gantry.dev/termination-message", v2Result);
    client.resource(monitor).create();

    feed(stable, 1200, 10);
    awaitStatus(
        "DriftMonitor Healthy",
        this::driftMonitor,
        m -> m.getStatus().phase == DriftMonitorPhase.Healthy);

    milestones.put("shifted traffic sent", java.time.Instant.now());
    feed(stable, 1500, 11, "amount=0.5", "distance_from_home_km=0.5");
    DriftMonitor drifted =
        awaitStatus(
            "DriftMonitor Drifted",
            this::driftMonitor,
            m -> m.getStatus().phase == DriftMonitorPhase.Drifted);
    milestones.put("Drifted", java.time.Instant.now());
    assertThat(Conditions.find(drifted.getStatus().conditions, "DriftDetected").orElseThrow())
        .satisfies(c -> assertThat(c.getMessage()).contains("amount", "distance_from_home_km"));

    TrainingJob retrain =
        awaitStatus(
            "the retraining TrainingJob succeeded and registered fraud-2",
            this::retrainingJob,
            tj ->
                tj.getStatus().phase == TrainingJobPhase.Succeeded
                    && "fraud-2".equals(tj.getStatus().modelVersion));
    milestones.put("retrained, fraud-2 registered", java.time.Instant.now());
    assertThat(retrain.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("fraud-drift"));
    assertThat(driftMonitor().getStatus().lastRetrain.trainingJob)
        .isEqualTo(retrain.getMetadata().getName());
    awaitStatus(
        "ModelVersion fraud-2 Ready",
        () -> modelVersion("fraud-2"),
        mv -> mv.getStatus().phase == ModelVersionPhase.Ready);

    awaitStatus(
        "fraud-2 rolling out as the canary",
        this::inferenceService,
        s -> s.getStatus().canary != null && "fraud-2".equals(s.getStatus().canary.modelVersion));
    milestones.put("canary started", java.time.Instant.now());
    InferenceServerProcess canary = serve(v2, "fraud-2");

    AtomicBoolean promoted = new AtomicBoolean();
    Thread traffic =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Path csv = FraudData.generate(dir.resolve("canary.csv"), 200, 12);
                    List<String> lines = Files.readAllLines(csv);
                    while (!promoted.get()) {
                      canary.send(lines.subList(0, 21));
                      stable.send(lines.subList(0, 21));
                      Thread.sleep(100);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    try {
      awaitStatus(
          "fraud-2 promoted to stable",
          this::inferenceService,
          s -> "fraud-2".equals(s.getStatus().modelVersion) && s.getStatus().canary == null,
          Duration.ofMinutes(3));
    } finally {
      promoted.set(true);
      traffic.join();
    }
    milestones.put("promoted", java.time.Instant.now());
    java.time.Instant first = milestones.values().iterator().next();
    StringBuilder timeline = new StringBuilder("closed loop timeline:");
    milestones.forEach(
        (name, at) ->
            timeline
                .append(" ")
                .append(name)
                .append(" +")
                .append(Duration.between(first, at).toMillis() / 1000.0)
                .append("s;"));
    System.out.println(timeline);
    awaitStatus(
        "fraud-2 served by fraud, fraud-1 by nothing",
        () -> modelVersion("fraud-2"),
        mv ->
            List.of("fraud").equals(mv.getStatus().servedBy)
                && (modelVersion("fraud-1").getStatus().servedBy == null
                    || modelVersion("fraud-1").getStatus().servedBy.isEmpty()));
    assertThat(client.resources(TrainingJob.class).inNamespace(NS).list().getItems())
        .as("one retraining within the cooldown")
        .hasSize(1);
  }

  /** Starts a real server for a model and has Prometheus scrape it as the version's pod. */
  private InferenceServerProcess serve(Path model, String version) throws Exception {
    Pod pod =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client
                        .pods()
                        .inNamespace(NS)
                        .withLabel(Labels.INFERENCE_SERVICE, "fraud")
                        .withLabel(Labels.MODEL_VERSION, version)
                        .list()
                        .getItems()
                        .stream()
                        .findFirst()
                        .orElse(null),
                p -> p != null);
    InferenceServerProcess server =
        InferenceServerProcess.start(model.resolve("model.onnx"), dir.resolve("server-" + version));
    servers.add(server);
    prometheus.addTarget(
        "fraud",
        "127.0.0.1:" + server.port,
        "/metrics",
        Map.of("namespace", NS, "pod", pod.getMetadata().getName()));
    prometheus.awaitTargetsUp(Duration.ofSeconds(60));
    return server;
  }

  private void feed(InferenceServerProcess server, int rows, long seed, String... shifts)
      throws Exception {
    server.send(FraudData.generate(dir.resolve("live-" + seed + ".csv"), rows, seed, shifts));
  }

  private ModelVersion modelVersion(String name) {
    return client.resources(ModelVersion.class).inNamespace(NS).withName(name).get();
  }

  private InferenceService inferenceService() {
    return client.resources(InferenceService.class).inNamespace(NS).withName("fraud").get();
  }

  private DriftMonitor driftMonitor() {
    return client.resources(DriftMonitor.class).inNamespace(NS).withName("fraud-drift").get();
  }

  private TrainingJob retrainingJob() {
    return client
        .resources(TrainingJob.class)
        .inNamespace(NS)
        .withLabel(Labels.DRIFT_MONITOR, "fraud-drift")
        .list()
        .getItems()
        .stream()
        .findFirst()
        .orElse(null);
  }

  private <T extends HasMetadata> void apply(Class<T> type, String yaml) {
    T resource = client.getKubernetesSerialization().unmarshal(yaml, type);
    resource.getMetadata().setNamespace(NS);
    client.resource(resource).create();
  }

  private <T extends HasMetadata> T awaitStatus(
      String what, Supplier<T> read, java.util.function.Predicate<T> condition) {
    return awaitStatus(what, read, condition, Duration.ofSeconds(90));
  }

  /** Waits for a condition on an object's status; a timeout shows the object and operator log. */
  private <T extends HasMetadata> T awaitStatus(
      String what, Supplier<T> read, java.util.function.Predicate<T> condition, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              T object = read.get();
              assertThat(object != null && statusOf(object) != null && condition.test(object))
                  .as(
                      () ->
                          what
                              + "; now: "
                              + (object == null
                                  ? "absent"
                                  : client.getKubernetesSerialization().asYaml(object))
                              + "\nPrometheus: "
                              + prometheusState()
                              + "\noperator log tail:\n"
                              + tail(operator.log()))
                  .isTrue();
            });
    return read.get();
  }

  /** What the drift source sees, for a failure message. */
  private static String prometheusState() {
    try {
      return "up="
          + prometheus.query("up")
          + " amount rows by pod="
          + prometheus.query(
              "sum by (pod) (gantry_inference_feature_bin_total{feature=\"amount\"})")
          + " raw amount samples="
          + prometheus.query("sum(gantry_inference_feature_bin_total{feature=\"amount\"})[3m:2s]")
          + " increase[30s]="
          + prometheus.query(
              "sum(increase(gantry_inference_feature_bin_total{feature=\"amount\"}[30s]))");
    } catch (RuntimeException e) {
      return "unavailable: " + e;
    }
  }

  private static Object statusOf(HasMetadata object) {
    return object instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr
        ? cr.getStatus()
        : object;
  }

  private static String tail(String log) {
    return log.length() <= 12000 ? log : log.substring(log.length() - 12000);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
