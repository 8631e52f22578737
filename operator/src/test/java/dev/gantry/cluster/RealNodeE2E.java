package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.testing.Command;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.RepoFiles;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gantry's own images as real pods on the local cluster's real node (kubelet, containerd, runc,
 * CNI, kube-proxy, CoreDNS): the chart's operator pod, a TrainingJob that trains in the training
 * image, the validation Job that hashes and scores what it wrote, the InferenceService's pods
 * serving it through their Service, a canary promoted on analysis from the real node's Prometheus,
 * and training pods that are OOM-killed or exit non-zero. Both namespaces enforce Pod Security
 * "restricted", so every pod Gantry creates is admitted under it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeE2E {
  private static final String OPERATOR_NAMESPACE = "gantry-real";
  private static final String RELEASE = "gantry-real";
  private static final String NAMESPACE = "real-node-e2e";
  private static final String TAG = "0.1.0";
  private static final String REAL_NODE = "gantry.dev/real-node";
  // The node's address inside the cluster network (scripts/lib/real-node.sh).
  private static final String IN_CLUSTER_PROMETHEUS = "http://10.87.0.1:9090";
  private static final String ON_THE_REAL_NODE =
      """
      nodeSelector: {%1$s: "true"}
      tolerations: [{key: %1$s, operator: Exists, effect: NoSchedule}]
      """
          .formatted(REAL_NODE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static KubernetesClient client;

  @BeforeAll
  static void installTheChartFromTheLocallyBuiltImage() throws Exception {
    client = LocalCluster.client();
    assertThat(realNodes())
        .as(
            "RealNodeE2E needs the local cluster's real node (scripts/local-cluster up with"
                + " GANTRY_REAL_NODE=1, as root)")
        .isNotEmpty();
    for (String namespace : List.of(OPERATOR_NAMESPACE, NAMESPACE)) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    Path values = Files.createTempFile("gantry-real-values", ".yaml");
    Files.writeString(
        values,
        """
        image: {repository: gantry/operator, tag: "%s", pullPolicy: Never}
        resources:
          requests: {cpu: 100m, memory: 384Mi}
          limits: {cpu: "1", memory: 1Gi}
        prometheus: {url: "%s"}
        serving: {analysisInterval: 5s}
        validation:
          placement:
        %s
        %s"""
            .formatted(TAG, IN_CLUSTER_PROMETHEUS, ON_THE_REAL_NODE.indent(4), ON_THE_REAL_NODE));
    LocalCluster.helm(
            "upgrade",
            "--install",
            RELEASE,
            RepoFiles.resolve("helm/gantry").toString(),
            "--kubeconfig",
            LocalCluster.kubeconfig().toString(),
            "-n",
            OPERATOR_NAMESPACE,
            "-f",
            values.toString(),
            "--wait",
            "--timeout",
            "5m")
        .succeed();
    apply(
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: models, namespace: %s}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """
            .formatted(NAMESPACE));
  }

  @AfterAll
  static void uninstall() {
    // Later test classes run their own operator; two would reconcile the same objects.
    if (client != null) {
      client.namespaces().withName(NAMESPACE).delete();
      LocalCluster.helm(
              "uninstall",
              RELEASE,
              "--kubeconfig",
              LocalCluster.kubeconfig().toString(),
              "-n",
              OPERATOR_NAMESPACE,
              "--wait")
          .run();
    }
  }

  @Test
  @Order(1)
  void theChartsTwoOperatorPodsRunFromItsImageAreReadyAndOneLeads() {
    var deployment = client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName(RELEASE);
    assertThat(deployment.get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Available=True"));
    List<Pod> pods =
        client.pods().inNamespace(OPERATOR_NAMESPACE).list().getItems().stream()
            .filter(p -> p.getMetadata().getName().startsWith(RELEASE))
            .toList();
    assertThat(pods).as("the chart's default: two replicas").hasSize(2);
    for (Pod pod : pods) {
      assertThat(realNodes()).contains(pod.getSpec().getNodeName());
      var operator = pod.getStatus().getContainerStatuses().get(0);
      assertThat(operator.getImage()).endsWith("gantry/operator:" + TAG);
      assertThat(operator.getReady()).as("the standby is Ready too").isTrue();
    }
    // Their health endpoints, read by the kubelet's probes and here through the pods' addresses:
    // exactly one leads, and it is the Lease's holder.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<String> leaders = new ArrayList<>();
              for (Pod pod : pods) {
                String health =
                    LocalCluster.inClusterNetwork(
                            "curl",
                            "-fsS",
                            "http://" + pod.getStatus().getPodIP() + ":8080/q/health/ready")
                        .succeed();
                assertThat(health).contains("\"status\": \"UP\"");
                if (health.contains("\"leader\": true")) {
                  leaders.add(pod.getMetadata().getName());
                }
              }
              assertThat(leaders).hasSize(1);
              var lease =
                  client
                      .leases()
                      .inNamespace(OPERATOR_NAMESPACE)
                      .withName(RELEASE + "-leader")
                      .get();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leaders.get(0));
            });
  }

  @Test
  @Order(2)
  void theNamespaceEnforcesTheRestrictedProfile() {
    Assertions.assertThatThrownBy(
            () ->
                apply(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: privileged, namespace: %s}
                    spec:
                      containers:
                      - {name: c, image: gantry/training:%s, securityContext: {privileged: true}}
                    """
                        .formatted(NAMESPACE, TAG)))
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  @Order(3)
  void trainsInARealPodAndTheValidationPodHashesAndScoresWhatItWrote() throws Exception {
    generate("train.csv", 3000, "1");
    generate("golden.csv", 1000, "2");
    apply(trainingJob("real-trainer", "7", ""));
    var trainingJob =
        client.resources(TrainingJob.class).inNamespace(NAMESPACE).withName("real-trainer");
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(trainingJob.get().getStatus().modelVersion).isEqualTo("real-fraud-1"));

    Pod trainer = pod(p -> p.getMetadata().getName().startsWith("real-trainer"));
    assertThat(realNodes()).contains(trainer.getSpec().getNodeName());
    ContainerStateTerminated trained = terminated(trainer);
    assertThat(trained.getExitCode()).isZero();
    // Written by the training image itself, after it hashed the model file it wrote.
    JsonNode result = JSON.readTree(trained.getMessage());
    String writtenSha256 = result.path("sha256").asText();
    assertThat(writtenSha256).matches("[0-9a-f]{64}");

    var modelVersion =
        client.resources(ModelVersion.class).inNamespace(NAMESPACE).withName("real-fraud-1");
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(modelVersion.get().getStatus().phase)
                    .isEqualTo(ModelVersionPhase.Ready));
    ModelVersion ready = modelVersion.get();
    assertThat(ready.getSpec().sha256).isEqualTo(writtenSha256);
    // Learned from the data and measured on the separate golden set: a coin would score 0.5.
    assertThat(Double.parseDouble(ready.getSpec().metrics.get("auc"))).isGreaterThan(0.6);
    assertThat(ready.getStatus().validationMetrics).containsKeys("auc", "accuracy");
    assertThat(condition(ready.getStatus().conditions, "ArtifactVerified").getReason())
        .isEqualTo("Verified");

    Pod validator =
        pod(
            p ->
                "real-fraud-1".equals(p.getMetadata().getLabels().get("gantry.dev/modelversion"))
                    && p.getMetadata().getName().contains("-validate-"));
    assertThat(realNodes()).contains(validator.getSpec().getNodeName());
    JsonNode report = JSON.readTree(terminated(validator).getMessage());
    // The validation pod read the file from the claim and hashed it: only a real container
    // that ran the inference image can know the digest the training pod computed.
    assertThat(report.path("sha256").asText()).isEqualTo(writtenSha256);
    assertThat(report.path("simulated").asBoolean(false)).isFalse();
    assertThat(report.path("metrics").path("rows").asDouble()).isEqualTo(1000);
  }

  @Test
  @Order(4)
  void servesThroughItsServiceAndPromotesACanaryOnAnalysisFromPrometheus() throws Exception {
    apply(
        """
        apiVersion: gantry.dev/v1alpha1
        kind: InferenceService
        metadata: {name: real-fraud, namespace: %s}
        spec:
          modelVersion: real-fraud-1
          minReplicas: 1
          maxReplicas: 1
          resources:
            requests: {cpu: 200m, memory: 384Mi}
            limits: {cpu: "1", memory: 1Gi}
          runtime: {intraOpThreads: 1}
          rollout:
            steps: [50, 100]
            stepInterval: 15s
            analysis: {maxErrorRate: "0.05", minRequests: 20}
            autoRollback: true
          podTemplate:
        %s"""
            .formatted(NAMESPACE, ON_THE_REAL_NODE.indent(4)));
    var service =
        client.resources(InferenceService.class).inNamespace(NAMESPACE).withName("real-fraud");
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(service.get().getStatus().phase).isEqualTo(InferenceServicePhase.Ready));

    // An Open Inference Protocol request from the node's network to the Service's ClusterIP:
    // kube-proxy sends it to the serving pod.
    String clusterIp =
        client
            .services()
            .inNamespace(NAMESPACE)
            .withName("real-fraud")
            .get()
            .getSpec()
            .getClusterIP();
    String answer =
        LocalCluster.inClusterNetwork(
                "curl",
                "-sS",
                "-w",
                "\nHTTP %{http_code}",
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@-",
                "http://" + clusterIp + ":8080/v2/models/real-fraud/infer")
            .withStdin(
                """
                {"inputs": [
                  {"name": "amount", "shape": [2, 1], "datatype": "FP32", "data": [120.5, 12.5]},
                  {"name": "hour", "shape": [2, 1], "datatype": "FP32", "data": [3, 14]},
                  {"name": "distance_from_home_km", "shape": [2, 1], "datatype": "FP32", "data": [30.0, 2.0]},
                  {"name": "transactions_last_24h", "shape": [2, 1], "datatype": "FP32", "data": [5, 1]},
                  {"name": "account_age_days", "shape": [2, 1], "datatype": "FP32", "data": [200, 900]},
                  {"name": "merchant_category", "shape": [2, 1], "datatype": "BYTES", "data": ["electronics", "grocery"]},
                  {"name": "card_present", "shape": [2, 1], "datatype": "BYTES", "data": ["no", "yes"]}]}""")
            .succeed();
    assertThat(answer)
        .endsWith("HTTP 200")
        .contains("\"model_name\":\"real-fraud\"")
        .contains("\"shape\":[2,2]");

    // Steady traffic from a pod, by the Service's DNS name, while the canary's steps are judged.
    apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: traffic, namespace: %s}
        spec:
          selector: {matchLabels: {app: traffic}}
          template:
            metadata: {labels: {app: traffic}}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: traffic
                image: gantry/training:%s
                imagePullPolicy: Never
                args: [traffic, --url, "http://real-fraud.%s.svc:8080", --model, real-fraud, --rate, "10", --batch, "5", --report-every, "10"]
                resources: {requests: {cpu: 50m, memory: 128Mi}, limits: {memory: 256Mi}}
                securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                volumeMounts: [{name: tmp, mountPath: /tmp}]
              volumes: [{name: tmp, emptyDir: {}}]
        %s"""
            .formatted(NAMESPACE, TAG, NAMESPACE, ON_THE_REAL_NODE.indent(6)));
    String requests = "sum(gantry_inference_requests_total{namespace=\"" + NAMESPACE + "\"})";
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(prometheusValue(requests)).isGreaterThan(20));

    // A second version of the same artifact, as a GitOps repository would add it.
    ModelVersion first =
        client.resources(ModelVersion.class).inNamespace(NAMESPACE).withName("real-fraud-1").get();
    apply(
        """
        apiVersion: gantry.dev/v1alpha1
        kind: ModelVersion
        metadata: {name: real-fraud-2, namespace: %s}
        spec:
          modelName: real-fraud
          version: "2"
          storageUri: %s
          sha256: %s
          baseline: {storageUri: %s}
        """
            .formatted(
                NAMESPACE,
                first.getSpec().storageUri,
                first.getSpec().sha256,
                first.getSpec().baseline.storageUri));
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(ModelVersion.class)
                            .inNamespace(NAMESPACE)
                            .withName("real-fraud-2")
                            .get()
                            .getStatus()
                            .phase)
                    .isEqualTo(ModelVersionPhase.Ready));

    service.edit(
        s -> {
          s.getSpec().modelVersion = "real-fraud-2";
          return s;
        });
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(service.get().getStatus().canary).isNotNull());
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var status = service.get().getStatus();
              assertThat(status.rolledBackVersion)
                  .as("rolled back: %s", status.conditions)
                  .isNull();
              assertThat(status.modelVersion).isEqualTo("real-fraud-2");
              assertThat(status.canary).isNull();
            });
    // The canary's pods answered requests that Prometheus scraped from them.
    assertThat(
            prometheusValue(
                "sum(gantry_inference_requests_total{namespace=\""
                    + NAMESPACE
                    + "\",pod=~\"real-fraud-canary-.*\"})"))
        .isGreaterThan(0);
  }

  @Test
  @Order(5)
  void anOomKilledTrainingPodShowsInTheStatus() {
    apply(
        trainingJob(
            "oom-trainer",
            "1",
            """
            command: [java, -Xms600m, -Xmx600m, -XX:+AlwaysPreTouch, -version]
            backoffLimit: 0
            """,
            "200Mi"));
    Condition failed = awaitFailed("oom-trainer");
    assertThat(failed.getReason()).isEqualTo("OOMKilled");
    assertThat(failed.getMessage()).contains("container trainer was OOMKilled (exit code 137)");
  }

  @Test
  @Order(6)
  void aTrainingPodThatExitsNonZeroShowsItsCodeAndMessage() {
    apply(
        trainingJob("bad-input-trainer", "1", "backoffLimit: 0\n")
            .replace("labelColumn: is_fraud", "labelColumn: no_such_column"));
    Condition failed = awaitFailed("bad-input-trainer");
    assertThat(failed.getReason()).isEqualTo("BadInput");
    assertThat(failed.getMessage())
        .contains("container trainer exited with code 2")
        .contains("no_such_column");
  }

  @Test
  @Order(7)
  void scoresAMillionRowsInFourShardsAndAKilledShardRedoesOnlyItself() throws Exception {
    generate("score.csv", 1_000_000, "3");
    apply(batchPrediction("real-scores", "pvc://models/data/score.csv", "pvc://models/scores/a"));
    var batch =
        client.resources(BatchPrediction.class).inNamespace(NAMESPACE).withName("real-scores");
    // Kill the first shard pod that runs, mid-work: the Job runs that index again, alone.
    Pod victim =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    client
                        .pods()
                        .inNamespace(NAMESPACE)
                        .withLabel("gantry.dev/batch-step", "shard")
                        .list()
                        .getItems()
                        .stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase()))
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    client.resource(victim).withGracePeriod(0).delete();
    int killed =
        Integer.parseInt(
            victim.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index"));
    await()
        .atMost(Duration.ofMinutes(8))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(batch.get().getStatus().phase)
                    .isIn(BatchPredictionPhase.Succeeded, BatchPredictionPhase.Failed));
    BatchPredictionStatus status = batch.get().getStatus();
    assertThat(status.phase).as("%s", status.conditions).isEqualTo(BatchPredictionPhase.Succeeded);
    assertThat(status.modelVersion).isEqualTo("real-fraud-1");
    assertThat(status.rowsTotal).isEqualTo(1_000_000L);
    assertThat(status.rowsDone).isEqualTo(1_000_000L);
    // 1M rows drawn like the 3,000 it trained on reach past the training ranges now and then:
    // the server's range check (Reject) refuses those rows, and they are counted, not scored.
    assertThat(status.rowsInvalid).isBetween(0L, 10_000L);
    assertThat(status.shardsDone).isEqualTo("4/4");
    assertThat(status.shards)
        .allSatisfy(
            x -> {
              assertThat(x.rows).isEqualTo(250_000L);
              assertThat(x.predicted + x.invalid).isEqualTo(250_000L);
              assertThat(x.sha256).matches("[0-9a-f]{64}");
            });
    assertThat(status.shards.stream().mapToLong(x -> x.invalid).sum())
        .isEqualTo(status.rowsInvalid);
    // Each shard ran once, except the killed one (if the kill came before it finished).
    assertThat(status.shards)
        .filteredOn(x -> x.index != killed)
        .allSatisfy(x -> assertThat(x.attempts).isEqualTo(1));
    assertThat(status.shards.get(killed).attempts).isBetween(1, 2);
    assertThat(status.rowsPerSecond).isNotNull();
    assertThat(
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("gantry.dev/batchprediction", "real-scores")
                .list()
                .getItems())
        .allSatisfy(p -> assertThat(realNodes()).contains(p.getSpec().getNodeName()));

    // Applied again, a finished batch does nothing: no write, no new Job.
    String version = batch.get().getMetadata().getResourceVersion();
    String jobUid =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NAMESPACE)
            .withName("real-scores-shards")
            .get()
            .getMetadata()
            .getUid();
    apply(batchPrediction("real-scores", "pvc://models/data/score.csv", "pvc://models/scores/a"));
    Thread.sleep(5_000);
    assertThat(batch.get().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withName("real-scores-shards")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(jobUid);

    // Each pod kept its report (finalizer gantry.dev/batch-report) only until status had it; the
    // last ones go on the pass after the final status is written.
    try {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(batchPods("real-scores"))
                      .isNotEmpty()
                      .allSatisfy(
                          p -> assertThat(p.getMetadata().getFinalizers()).doesNotContain(REPORT)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.err.println(operatorLogLines("batchprediction"));
      throw e;
    }
    // Deleted, the batch takes its Jobs and pods with it: none is left stuck on the finalizer.
    batch.delete();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(batch.get()).isNull();
              assertThat(batchPods("real-scores")).isEmpty();
            });
  }

  private static final String REPORT = "gantry.dev/batch-report";

  /** The operator pods' log lines that mention {@code word}, for a failure's message. */
  private static String operatorLogLines(String word) {
    StringBuilder lines = new StringBuilder();
    for (Pod pod : client.pods().inNamespace(OPERATOR_NAMESPACE).list().getItems()) {
      String log =
          client
              .pods()
              .inNamespace(OPERATOR_NAMESPACE)
              .withName(pod.getMetadata().getName())
              .tailingLines(2000)
              .getLog();
      log.lines()
          .filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains(word))
          .forEach(
              l -> lines.append(pod.getMetadata().getName()).append(": ").append(l).append('\n'));
    }
    return lines.toString();
  }

  private List<Pod> batchPods(String name) {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("gantry.dev/batchprediction", name)
        .list()
        .getItems();
  }

  @Test
  @Order(8)
  void aMissingInputFailsThePlanBeforeAnyShardStarts() {
    apply(
        batchPrediction("missing-input", "pvc://models/data/nothing.csv", "pvc://models/scores/b"));
    assertPlanFailedBeforeAnyShard("missing-input", "InputNotFound", "nothing.csv");
  }

  @Test
  @Order(9)
  void anUnwritableOutputFailsThePlanBeforeAnyShardStarts() {
    // The pod's root filesystem is read-only: the plan pod's write probe must fail there.
    apply(
        batchPrediction(
            "unwritable-output", "pvc://models/data/score.csv", "file:///deployments/scores/"));
    assertPlanFailedBeforeAnyShard("unwritable-output", "OutputNotWritable", "/deployments/scores");
  }

  /** The batch ends Failed in its plan pod, saying why and naming what, with no shard Job. */
  private static void assertPlanFailedBeforeAnyShard(String name, String reason, String names) {
    var batch = client.resources(BatchPrediction.class).inNamespace(NAMESPACE).withName(name);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(batch.get().getStatus().phase).isEqualTo(BatchPredictionPhase.Failed));
    Condition complete = condition(batch.get().getStatus().conditions, "Complete");
    assertThat(complete.getReason()).isEqualTo("PlanFailed");
    assertThat(complete.getMessage()).contains(reason).contains(names);
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name + "-shards").get())
        .isNull();
  }

  private static String batchPrediction(String name, String input, String output) {
    return """
        apiVersion: gantry.dev/v1alpha1
        kind: BatchPrediction
        metadata: {name: %s, namespace: %s}
        spec:
          modelVersion: real-fraud-1
          inputs: [{uri: "%s"}]
          output: {uri: "%s"}
          classLabels: ["0", "1"]
          shards: 4
          parallelism: 2
          resources:
            limits: {cpu: "1", memory: 1Gi}
          podTemplate:
        %s"""
        .formatted(name, NAMESPACE, input, output, ON_THE_REAL_NODE.indent(4));
  }

  /** A Job of the training image writes {@code rows} rows into the claim's data folder. */
  private static void generate(String file, int rows, String seed) {
    String job = "generate-" + file.replace(".csv", "");
    apply(
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %1$s, namespace: %2$s}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: generate
                image: gantry/training:%3$s
                imagePullPolicy: Never
                args: [generate, --rows, "%4$d", --seed, "%5$s", --output, pvc://models/data/%6$s]
                securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                volumeMounts: [{name: models, mountPath: /mnt/pvc/models}, {name: tmp, mountPath: /tmp}]
              volumes: [{name: models, persistentVolumeClaim: {claimName: models}}, {name: tmp, emptyDir: {}}]
        %7$s"""
            .formatted(job, NAMESPACE, TAG, rows, seed, file, ON_THE_REAL_NODE.indent(6)));
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName(job)
        .waitUntilCondition(
            j ->
                j != null
                    && j.getStatus() != null
                    && j.getStatus().getSucceeded() != null
                    && j.getStatus().getSucceeded() == 1,
            4,
            java.util.concurrent.TimeUnit.MINUTES);
  }

  private static Condition awaitFailed(String name) {
    var trainingJob = client.resources(TrainingJob.class).inNamespace(NAMESPACE).withName(name);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(trainingJob.get().getStatus().phase).isEqualTo(TrainingJobPhase.Failed));
    return condition(trainingJob.get().getStatus().conditions, "Failed");
  }

  private static String trainingJob(String name, String seed, String extraSpec) {
    return trainingJob(name, seed, extraSpec, "1Gi");
  }

  private static String trainingJob(String name, String seed, String extraSpec, String memory) {
    return """
        apiVersion: gantry.dev/v1alpha1
        kind: TrainingJob
        metadata: {name: %s, namespace: %s}
        spec:
          image: gantry/training:%s
          imagePullPolicy: Never
          replicas: 1
          resources:
            requests: {cpu: 250m, memory: %s}
            limits: {nvidia.com/gpu: 1, cpu: "1", memory: %s}
          dataset: {storageUri: "pvc://models/data/train.csv", version: e2e}
          hyperparameters: {model: logistic, epochs: "5", labelColumn: is_fraud, seed: "%s"}
          output:
            modelName: real-fraud
            storageUri: pvc://models/fraud
            validation:
              gates: [{metric: auc, min: "0.6"}]
              goldenSet: {storageUri: "pvc://models/data/golden.csv", labelColumn: is_fraud}
          podTemplate:
        %s%s"""
        .formatted(
            name,
            NAMESPACE,
            TAG,
            memory,
            memory,
            seed,
            ON_THE_REAL_NODE.indent(4),
            extraSpec.indent(2));
  }

  private static void apply(String yaml) {
    Command.Result result = LocalCluster.kubectl("apply", "-f", "-").withStdin(yaml).run();
    if (result.exitCode() != 0) {
      throw new KubernetesClientException("kubectl apply failed: " + result.output());
    }
  }

  private static double prometheusValue(String promql) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        LocalCluster.prometheusUrl()
                            + "/api/v1/query?query="
                            + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode result = JSON.readTree(response.body()).path("data").path("result");
    return result.isEmpty() ? 0 : result.path(0).path("value").path(1).asDouble();
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static Pod pod(Predicate<Pod> which) {
    return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(which)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> realNodes() {
    return client.nodes().withLabel(REAL_NODE, "true").list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .toList();
  }
}
