package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ModelVersion reconciler on a real kube-apiserver. No Job controller or kubelet runs there, so
 * the tests play them (Job status, the pod and its termination message), and they play the
 * InferenceService reconciler by writing InferenceService status.
 */
class ModelVersionReconcilerIT {
  private static final String NS = "modelversion-reconciler-it";

  private static KubernetesClient client;
  private static ModelVersionFixtures cluster;
  private static RunningModelVersionOperator operator;

  @BeforeAll
  static void startOperator() {
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
    cluster = new ModelVersionFixtures(client, NS);
    operator = RunningModelVersionOperator.start(client, NS, ModelVersions.settings());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** Plays the Job controller and kubelet: the Job's pod ended with this termination message. */
  private static void finishJob(Job job, String message, boolean succeeded) {
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-x")
            .withNamespace(NS)
            .addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    pod = client.resource(pod).create();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(succeeded ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("validate")
                    .withImage("gantry/inference:0.1.0")
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(succeeded ? 0 : 1)
                    .withMessage(message)
                    .endTerminated()
                    .endState()
                    .build())
            .build());
    client.resource(pod).updateStatus();
    Job current = client.resource(job).get();
    current.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withStartTime(now)
            .withCompletionTime(succeeded ? now : null)
            .withSucceeded(succeeded ? 1 : 0)
            .withFailed(succeeded ? 0 : 1)
            .withConditions(
                succeeded
                    ? List.of(condition("SuccessCriteriaMet", now), condition("Complete", now))
                    : List.of(condition("FailureTarget", now), condition("Failed", now)))
            .build());
    client.resource(current).updateStatus();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(
            type.equals("Failed") || type.equals("FailureTarget") ? "BackoffLimitExceeded" : null)
        .withLastTransitionTime(now)
        .withLastProbeTime(now)
        .build();
  }

  @Test
  void validatesToReadyAndASecondReconcileChangesNothing() {
    cluster.create(modelVersion("1"));
    Job job = cluster.awaitJob("fraud-1");
    assertThat(
            cluster
                .awaitPhase("fraud-1", ModelVersionPhase.Validating, 30)
                .getStatus()
                .validationJob)
        .isEqualTo(job.getMetadata().getName());
    assertThat(cluster.get("fraud-1").getMetadata().getFinalizers())
        .contains(ModelVersionReconciler.FINALIZER);

    finishJob(job, ModelVersions.report(0.97, 0.95), true);
    ModelVersion ready = cluster.awaitPhase("fraud-1", ModelVersionPhase.Ready, 30);
    assertThat(ready.getStatus().validationMetrics).containsEntry("auc", "0.97");
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.events("fraud-1").stream().anyMatch(e -> e.startsWith("Normal Validated")));

    // An event of the Job reconciles again; nothing may be written.
    int before = operator.reconciles();
    String resourceVersion = cluster.get("fraud-1").getMetadata().getResourceVersion();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(job.getMetadata().getName())
        .edit(
            j -> {
              j.getMetadata().setAnnotations(java.util.Map.of("touched", "yes"));
              return j;
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> operator.reconciles() > before);
    ModelVersion after = cluster.get("fraud-1");
    assertThat(after.getStatus()).usingRecursiveComparison().isEqualTo(ready.getStatus());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(cluster.jobsOf("fraud-1")).hasSize(1);
  }

  @Test
  void aFailingGateRejectsNamingTheGateAndRelaxingItNeedsNoNewJob() {
    cluster.create(modelVersion("2"));
    Job job = cluster.awaitJob("fraud-2");
    finishJob(job, ModelVersions.report(0.81, 0.95), true);
    ModelVersion rejected = cluster.awaitPhase("fraud-2", ModelVersionPhase.Rejected, 30);
    assertThat(rejected.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getReason()).isEqualTo("GateFailed");
              assertThat(c.getMessage()).isEqualTo("auc 0.81 < min 0.90 (golden set)");
            });

    client
        .resources(ModelVersion.class)
        .inNamespace(NS)
        .withName("fraud-2")
        .edit(
            mv -> {
              mv.getSpec().validation.gates.get(0).min = "0.80";
              return mv;
            });
    ModelVersion ready = cluster.awaitPhase("fraud-2", ModelVersionPhase.Ready, 30);
    assertThat(ready.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(cluster.jobsOf("fraud-2")).hasSize(1);
  }

  @Test
  void aChecksumMismatchRejectsWithThatReason() {
    cluster.create(modelVersion("3"));
    finishJob(
        cluster.awaitJob("fraud-3"),
        "{\"passed\":false,\"modelUri\":\"s3://models/fraud/3/model.onnx\","
            + "\"error\":\"ChecksumMismatchException: sha256 mismatch for"
            + " s3://models/fraud/3/model.onnx: expected 5ef2..., got 0000...\"}",
        false);
    cluster.awaitPhase("fraud-3", ModelVersionPhase.Rejected, 30);
    assertThat(cluster.awaitCondition("fraud-3", "ArtifactVerified", "False", 5).getReason())
        .isEqualTo("ChecksumMismatch");
  }

  @Test
  void malformedMetricsAreReportedWithoutAJob() {
    ModelVersion mv = modelVersion("4");
    mv.getSpec().metrics.put("auc", "very good");
    cluster.create(mv);
    ModelVersion rejected = cluster.awaitPhase("fraud-4", ModelVersionPhase.Rejected, 30);
    assertThat(cluster.awaitCondition("fraud-4", "Ready", "False", 5).getMessage())
        .isEqualTo("metric auc is \"very good\", not a decimal such as 0.93");
    assertThat(rejected.getStatus().validationJob).isNull();
    assertThat(cluster.jobsOf("fraud-4")).isEmpty();
  }

  @Test
  void theNewerClaimantOfAnAliasGetsAConflictUntilTheHolderLetsGo() {
    ModelVersion holder = modelVersion("5");
    holder.getSpec().modelName = "churn";
    holder.getMetadata().setName("churn-5");
    holder.getSpec().aliases = List.of("champion");
    cluster.create(holder);
    cluster.awaitCondition("churn-5", "AliasConflict", "False", 30);

    ModelVersion claimant = modelVersion("6");
    claimant.getSpec().modelName = "churn";
    claimant.getMetadata().setName("churn-6");
    claimant.getSpec().aliases = List.of("champion");
    cluster.create(claimant);
    assertThat(cluster.awaitCondition("churn-6", "AliasConflict", "True", 30).getMessage())
        .isEqualTo(
            "alias champion of model churn is held by churn-5; remove it there to move it here");
    assertThat(cluster.get("churn-5").getSpec().aliases).containsExactly("champion");
    assertThat(cluster.awaitCondition("churn-5", "AliasConflict", "False", 5)).isNotNull();

    client
        .resources(ModelVersion.class)
        .inNamespace(NS)
        .withName("churn-5")
        .edit(
            mv -> {
              mv.getSpec().aliases = null;
              return mv;
            });
    cluster.awaitCondition("churn-6", "AliasConflict", "False", 30);
  }

  @Test
  void deletionIsRefusedWhileServedAndAllowedAfter() {
    cluster.create(modelVersion("7"));
    cluster.create(modelVersion("8"));
    finishJob(cluster.awaitJob("fraud-7"), ModelVersions.report(0.97, 0.95), true);
    finishJob(cluster.awaitJob("fraud-8"), ModelVersions.report(0.97, 0.95), true);
    cluster.awaitPhase("fraud-7", ModelVersionPhase.Ready, 30);

    cluster.createService("fraud", "fraud-7");
    cluster.setServing("fraud", "fraud-7", "fraud-8");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(cluster.get("fraud-7").getStatus().servedBy).containsExactly("fraud");
              assertThat(cluster.get("fraud-8").getStatus().servedBy).containsExactly("fraud");
            });

    client.resources(ModelVersion.class).inNamespace(NS).withName("fraud-7").delete();
    assertThat(cluster.awaitCondition("fraud-7", "DeletionBlocked", "True", 30).getMessage())
        .isEqualTo("deletion waits until no InferenceService serves this version; served by fraud");
    assertThat(cluster.get("fraud-7").getMetadata().getDeletionTimestamp()).isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.events("fraud-7"))
                    .anyMatch(e -> e.startsWith("Warning DeletionBlocked")));

    // The rollout promotes fraud-8: fraud-7 is no longer served and may go.
    cluster.setServing("fraud", "fraud-8", null);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("fraud-7") == null);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cluster.get("fraud-8").getStatus().servedBy).containsExactly("fraud"));

    // Deleting the InferenceService frees fraud-8's servedBy too.
    client.resources(InferenceService.class).inNamespace(NS).withName("fraud").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.get("fraud-8").getStatus().servedBy).isNull());
    client.resources(ModelVersion.class).inNamespace(NS).withName("fraud-8").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("fraud-8") == null);
  }

  @Test
  void aRestartedOperatorFindsItsJobInsteadOfCreatingAnother() {
    operator.close();
    try {
      operator = RunningModelVersionOperator.start(client, NS, ModelVersions.settings());
      cluster.create(modelVersion("9"));
      Job job = cluster.awaitJob("fraud-9");
      operator.close();
      operator = RunningModelVersionOperator.start(client, NS, ModelVersions.settings());
      finishJob(job, ModelVersions.report(0.97, 0.95), true);
      cluster.awaitPhase("fraud-9", ModelVersionPhase.Ready, 30);
      assertThat(cluster.jobsOf("fraud-9")).hasSize(1);
    } finally {
      if (operator == null) {
        operator = RunningModelVersionOperator.start(client, NS, ModelVersions.settings());
      }
    }
  }
}
