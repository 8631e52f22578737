package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.RepoFiles;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real containers on kind's real node: the Helm chart with the locally built operator image becomes
 * Available and trains a model with the real training image, then registers it as a ModelVersion.
 *
 * <p>Runs only on the kind cluster ({@code ./mvnw -B -pl operator -am verify -Pkind}, after {@code
 * ./mvnw -B package -DskipTests}; needs Docker). Every other run excludes *KindE2E by name; run on
 * any other cluster it fails rather than skips.
 */
class RealContainersKindE2E {
  private static final String OPERATOR_NAMESPACE = "gantry-kind";
  private static final String RELEASE = "gantry-kind";
  private static final String NAMESPACE = "kind-real-containers";
  private static final String IMAGE_TAG = System.getenv().getOrDefault("GANTRY_IMAGE_TAG", "0.1.0");
  // scripts/kind-cluster labels and taints its real node so; the simulated GPU nodes lack both.
  private static final String REAL_NODE = "gantry.dev/real-node";
  private static final String ON_THE_REAL_NODE =
      """
      nodeSelector: {%1$s: "true"}
      tolerations: [{key: %1$s, operator: Equal, value: "true", effect: NoSchedule}]
      """
          .formatted(REAL_NODE);

  private static KubernetesClient client;

  @BeforeAll
  static void installTheChartWithTheLocallyBuiltImage() throws Exception {
    assertThat(System.getProperty("gantry.e2e.cluster"))
        .as(
            "RealContainersKindE2E needs real containers: run it with -Pkind on a machine with Docker")
        .isEqualTo("kind");
    client = LocalCluster.client();
    Path values = Files.createTempFile("gantry-kind-values", ".yaml");
    Files.writeString(
        values,
        """
        image: {repository: gantry/operator, tag: "%s", pullPolicy: Never}
        %s"""
            .formatted(IMAGE_TAG, ON_THE_REAL_NODE));
    LocalCluster.helm(
            "upgrade",
            "--install",
            RELEASE,
            RepoFiles.resolve("helm/gantry").toString(),
            "--kubeconfig",
            LocalCluster.kubeconfig().toString(),
            "-n",
            OPERATOR_NAMESPACE,
            "--create-namespace",
            "-f",
            values.toString(),
            "--wait",
            "--timeout",
            "5m")
        .succeed();
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void uninstall() {
    // Later test classes run their own operator; two would reconcile the same objects.
    if (client != null) {
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
  void theOperatorRunsFromItsImageOnTheRealNode() {
    var deployment = client.apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName(RELEASE);
    assertThat(deployment.get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Available=True"));
    Pod pod =
        client.pods().inNamespace(OPERATOR_NAMESPACE).list().getItems().stream()
            .filter(p -> p.getMetadata().getName().startsWith(RELEASE))
            .findFirst()
            .orElseThrow();
    assertThat(realNodes()).contains(pod.getSpec().getNodeName());
    ContainerStatus operator = pod.getStatus().getContainerStatuses().get(0);
    assertThat(operator.getImage()).endsWith("gantry/operator:" + IMAGE_TAG);
    assertThat(operator.getReady()).isTrue();
  }

  @Test
  void trainsWithTheRealTrainingImageRegistersTheModelAndServesIt() {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("fraud-csv")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("train.csv", fraudCsv(400))
                .build())
        .serverSideApply();
    // kind's default StorageClass (local-path) provisions it on the real node, where both the
    // trainer and the server run.
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin(
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: kind-models, namespace: %s}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: gantry.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: real-trainer, namespace: %s}
            spec:
              image: gantry/training:%s
              imagePullPolicy: Never
              replicas: 1
              dataset: {storageUri: "file:///data/train.csv", version: kind-e2e}
              hyperparameters: {model: logistic, epochs: "5", labelColumn: is_fraud, seed: "7"}
              output: {modelName: kind-fraud, storageUri: "pvc://kind-models/fraud"}
              podTemplate:
                volumes: [{name: data, configMap: {name: fraud-csv}}]
                volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
            %s"""
                .formatted(NAMESPACE, NAMESPACE, IMAGE_TAG, ON_THE_REAL_NODE.indent(4)))
        .succeed();
    var trainingJob =
        client.resources(TrainingJob.class).inNamespace(NAMESPACE).withName("real-trainer");

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> assertThat(trainingJob.get().getStatus().modelVersion).isEqualTo("kind-fraud-1"));

    Pod trainer = pod(p -> p.getMetadata().getName().startsWith("real-trainer"));
    assertThat(realNodes()).contains(trainer.getSpec().getNodeName());
    var terminated = trainer.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    // Written by the training image itself: KWOK's stages only echo a test annotation, none here.
    assertThat(terminated.getMessage()).contains("pvc://kind-models/fraud/real-trainer/");

    ModelVersion model =
        client.resources(ModelVersion.class).inNamespace(NAMESPACE).withName("kind-fraud-1").get();
    assertThat(model.getSpec().storageUri).startsWith("pvc://kind-models/fraud/real-trainer/");
    // Learned from the CSV, not made up: a coin would score 0.5.
    assertThat(Double.parseDouble(model.getSpec().metrics.get("auc"))).isGreaterThan(0.7);

    servesTheRegisteredModel(model.getSpec().storageUri);
  }

  /** The real inference image loads the registered artifact, warms up and answers a request. */
  private static void servesTheRegisteredModel(String modelUri) {
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: real-server, namespace: %s}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: server
                image: gantry/inference:%s
                imagePullPolicy: Never
                env:
                - {name: GANTRY_MODEL_URI, value: "%s"}
                - {name: GANTRY_MODEL_NAME, value: kind-fraud}
                readinessProbe: {httpGet: {path: /v2/health/ready, port: 8080}, periodSeconds: 2}
                volumeMounts: [{name: models, mountPath: /mnt/pvc/kind-models, readOnly: true}]
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              volumes: [{name: models, persistentVolumeClaim: {claimName: kind-models}}]
            %s"""
                .formatted(NAMESPACE, IMAGE_TAG, modelUri, ON_THE_REAL_NODE.indent(2)))
        .succeed();
    client
        .pods()
        .inNamespace(NAMESPACE)
        .withName("real-server")
        .waitUntilCondition(
            p ->
                p != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())),
            5,
            TimeUnit.MINUTES);

    // Through the API server's pod proxy: the test runs outside the cluster network.
    String proxy = "/api/v1/namespaces/" + NAMESPACE + "/pods/real-server:8080/proxy";
    String metadata =
        LocalCluster.kubectl("get", "--raw", proxy + "/v2/models/kind-fraud").succeed();
    assertThat(metadata).contains("\"name\":\"kind-fraud\"").contains("amount").contains("hour");

    String answer =
        LocalCluster.kubectl("create", "--raw", proxy + "/v2/models/kind-fraud/infer", "-f", "-")
            .withStdin(
                """
                {"inputs": [{"name": "amount", "shape": [1, 1], "datatype": "FP32", "data": [950.0]},
                            {"name": "hour", "shape": [1, 1], "datatype": "FP32", "data": [12]}]}""")
            .succeed();
    assertThat(answer).contains("\"model_name\":\"kind-fraud\"").contains("\"shape\":[1,2]");
  }

  private static Pod pod(java.util.function.Predicate<Pod> which) {
    return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(which)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> realNodes() {
    return client.nodes().withLabel(REAL_NODE, "true").list().getItems().stream()
        .map(n -> n.getMetadata().getName())
        .toList();
  }

  /**
   * A small, learnable fraud table: large amounts and small hours are mostly fraud. Seeded, so
   * every run trains on the same bytes (AUC 0.79 with the trainer's seed 7).
   */
  private static String fraudCsv(int rows) {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("amount,hour,is_fraud\n");
    for (int i = 0; i < rows; i++) {
      double amount = Math.round(random.nextDouble() * 100_000) / 100.0;
      int hour = random.nextInt(24);
      boolean risky = amount > 800 || hour < 4;
      boolean fraud = risky ? random.nextDouble() < 0.9 : random.nextDouble() < 0.05;
      csv.append(amount).append(',').append(hour).append(',').append(fraud ? 1 : 0).append('\n');
    }
    return csv.toString();
  }
}
