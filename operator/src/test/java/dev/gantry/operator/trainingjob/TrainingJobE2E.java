package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobs.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Conditions;
import dev.gantry.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrainingJobs on the local cluster: the real scheduler places GPU pods on the simulated GPU nodes
 * (2 x 4 nvidia.com/gpu) and the real Job controller runs them; KWOK plays the pods as
 * scripts/kwok/stages.yaml says (label e2e.gantry.dev/outcome).
 */
class TrainingJobE2E {
  private static final String NS = "trainingjob-e2e";
  private static final String OUTCOME = "e2e.gantry.dev/outcome";
  private static final String RESULT =
      """
      {"artifactUri":"pvc://models/fraud/e2e/model.onnx",\
      "sha256":"5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4",\
      "metrics":{"auc":0.9787,"loss":0.1201}}""";

  private static KubernetesClient client;
  private static RunningOperator operator;

  @BeforeAll
  static void startOperator() {
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    operator = RunningOperator.start(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** Frees the GPUs for the next test: jobs, their Jobs and pods go (GC and KWOK do the rest). */
  @AfterEach
  void deleteTrainingJobs() {
    client.resources(TrainingJob.class).inNamespace(NS).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.pods().inNamespace(NS).list().getItems().isEmpty());
  }

  private static TrainingJob job(
      String name, int replicas, int gpus, Map<String, String> podLabels) {
    TrainingJob trainingJob = trainingJob(name, replicas);
    trainingJob.getMetadata().setNamespace(NS);
    trainingJob.getMetadata().setUid(null);
    trainingJob.getMetadata().setGeneration(null);
    trainingJob
        .getSpec()
        .resources
        .limits
        .put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
    trainingJob.getSpec().podTemplate = new PodTemplateOverlay();
    trainingJob.getSpec().podTemplate.labels = podLabels;
    // The simulated nodes have no volumes to offer; object storage needs no mounts.
    trainingJob.getSpec().dataset.storageUri = "s3://data/fraud.csv";
    trainingJob.getSpec().output.storageUri = "s3://models/fraud";
    return trainingJob;
  }

  private static TrainingJob get(String name) {
    return client.resources(TrainingJob.class).inNamespace(NS).withName(name).get();
  }

  private static void setSuspend(String name, boolean suspend) {
    client
        .resources(TrainingJob.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            t -> {
              t.getSpec().suspend = suspend;
              return t;
            });
  }

  private static TrainingJob awaitPhase(String name, TrainingJobPhase phase, int seconds) {
    await()
        .atMost(Duration.ofSeconds(seconds))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s; events %s", name, events(name))
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  private static Condition condition(TrainingJob trainingJob, String type) {
    return Conditions.find(trainingJob.getStatus().conditions, type).orElseThrow();
  }

  private static List<String> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  @Test
  void twoReplicaJobRunsOnGpuNodesCompletesAndRegistersItsModelVersion() {
    TrainingJob trainingJob = job("fraud-e2e", 2, 1, null);
    trainingJob.getSpec().podTemplate.annotations =
        Map.of(
            "e2e.gantry.dev/termination-message",
            RESULT,
            "pod-complete.stage.kwok.x-k8s.io/delay",
            "4s");
    client.resource(trainingJob).create();

    TrainingJob running = awaitPhase("fraud-e2e", TrainingJobPhase.Running, 60);
    assertThat(running.getStatus().gpu.allocated).isBetween(1, 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withLabel("gantry.dev/trainingjob", "fraud-e2e")
                            .list()
                            .getItems())
                    .extracting(p -> p.getSpec().getNodeName())
                    .hasSize(2)
                    .allMatch(n -> n != null && n.startsWith("gpu-node-")));

    TrainingJob done = awaitPhase("fraud-e2e", TrainingJobPhase.Succeeded, 60);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("fraud-e2e").getStatus().modelVersion != null);
    done = get("fraud-e2e");
    assertThat(done.getStatus().replicas.succeeded).isEqualTo(2);
    assertThat(done.getStatus().completionTime).isNotNull();
    assertThat(done.getStatus().startTime).isNotNull();
    ModelVersion mv =
        client
            .resources(ModelVersion.class)
            .inNamespace(NS)
            .withName(done.getStatus().modelVersion)
            .get();
    assertThat(mv.getSpec().storageUri).isEqualTo("pvc://models/fraud/e2e/model.onnx");
    assertThat(mv.getSpec().metrics).containsEntry("auc", "0.9787").containsEntry("loss", "0.1201");
    assertThat(mv.getSpec().source.trainingJob).isEqualTo("fraud-e2e");
    assertThat(mv.getSpec().source.image).isEqualTo(trainingJob.getSpec().image);
    assertThat(events("fraud-e2e")).anyMatch(e -> e.startsWith("Normal Running"));

    client.resource(done).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(client.batch().v1().jobs().inNamespace(NS).withName("fraud-e2e").get())
                  .isNull();
              assertThat(client.services().inNamespace(NS).withName("fraud-e2e").get()).isNull();
              assertThat(
                      client
                          .pods()
                          .inNamespace(NS)
                          .withLabel("gantry.dev/trainingjob", "fraud-e2e")
                          .list()
                          .getItems())
                  .isEmpty();
            });
    assertThat(
            client
                .resources(ModelVersion.class)
                .inNamespace(NS)
                .withName(mv.getMetadata().getName())
                .get())
        .as("the model outlives its job")
        .isNotNull();
  }

  @Test
  void jobAskingForMoreGpusThanFreeWaitsUnschedulableAndStartsWhenCapacityFrees() {
    // Takes all 8 GPUs and keeps them.
    client.resource(job("blocker", 2, 4, Map.of(OUTCOME, "run"))).create();
    awaitPhase("blocker", TrainingJobPhase.Running, 60);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("blocker").getStatus().gpu.allocated == 8);

    client.resource(job("waiting", 1, 2, Map.of(OUTCOME, "run"))).create();
    awaitPhase("waiting", TrainingJobPhase.Pending, 60);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition(get("waiting"), "Ready").getReason())
                    .isEqualTo("Unschedulable"));
    assertThat(condition(get("waiting"), "Ready").getMessage())
        .contains("Insufficient nvidia.com/gpu");

    setSuspend("blocker", true);
    awaitPhase("blocker", TrainingJobPhase.Suspended, 60);
    awaitPhase("waiting", TrainingJobPhase.Running, 90);
    assertThat(get("waiting").getStatus().gpu.allocated).isEqualTo(2);

    setSuspend("blocker", false);
    awaitPhase("blocker", TrainingJobPhase.Pending, 60);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition(get("blocker"), "Ready").getReason())
                    .as("6 GPUs free, the blocker needs 8")
                    .isEqualTo("Unschedulable"));
    assertThat(events("blocker")).anyMatch(e -> e.startsWith("Normal Suspended"));
  }

  @Test
  void failingJobRespectsBackoffLimitAndEndsFailedWithTheReason() {
    TrainingJob trainingJob = job("crashing", 1, 1, Map.of(OUTCOME, "fail"));
    trainingJob.getSpec().backoffLimit = 1;
    client.resource(trainingJob).create();

    TrainingJob failed = awaitPhase("crashing", TrainingJobPhase.Failed, 120);

    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.getStatus().replicas.failed).isEqualTo(2);
    assertThat(events("crashing")).anyMatch(e -> e.startsWith("Warning BackoffLimitExceeded"));
  }
}
