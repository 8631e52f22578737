package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ModelVersions on the local cluster: the real Job controller runs the validation Job, the real
 * scheduler places its pod, KWOK plays the kubelet and ends the pod with the termination message of
 * its annotation e2e.gantry.dev/termination-message (scripts/kwok/stages.yaml), which the operator
 * copies from the ModelVersion because this test configures that prefix. The real garbage collector
 * removes a deleted version's Job.
 */
class ModelVersionE2E {
  private static final String NS = "modelversion-e2e";
  private static final String MESSAGE = "e2e.gantry.dev/termination-message";

  private static KubernetesClient client;
  private static ModelVersionFixtures cluster;
  private static RunningModelVersionOperator operator;

  @BeforeAll
  static void startOperator() {
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    cluster = new ModelVersionFixtures(client, NS);
    operator =
        RunningModelVersionOperator.start(client, NS, ModelVersions.settings("e2e.gantry.dev/"));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** fraud-&lt;version&gt; whose validation pod will report {@code report}. */
  private static ModelVersion reporting(String version, String report) {
    ModelVersion mv = modelVersion(version);
    mv.getMetadata().setAnnotations(Map.of(MESSAGE, report));
    return mv;
  }

  @Test
  void aValidatedVersionGoesReadyThroughTheRealJobController() {
    cluster.create(reporting("1", ModelVersions.report(0.97, 0.95)));
    ModelVersion ready = cluster.awaitPhase("fraud-1", ModelVersionPhase.Ready, 90);

    Job job = cluster.jobsOf("fraud-1").get(0);
    assertThat(ready.getStatus().validationJob).isEqualTo(job.getMetadata().getName());
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(ready.getStatus().validationMetrics).containsEntry("auc", "0.97");
    assertThat(cluster.awaitCondition("fraud-1", "ArtifactVerified", "True", 5).getMessage())
        .isEqualTo("sha256 " + ModelVersions.SHA256 + " matches; the model loads in ONNX Runtime");
    assertThat(cluster.awaitCondition("fraud-1", "Validated", "True", 5).getMessage())
        .isEqualTo("passed 1 gate");
    // The pod ran as the restricted profile asks, which the API server accepted as built.
    var pod =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("gantry.dev/modelversion", "fraud-1")
            .list()
            .getItems()
            .get(0);
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsExactly("validate");
  }

  @Test
  void aFailingGateRejectsTheVersionNamingTheGate() {
    cluster.create(reporting("2", ModelVersions.report(0.81, 0.95)));
    cluster.awaitPhase("fraud-2", ModelVersionPhase.Rejected, 90);
    assertThat(cluster.awaitCondition("fraud-2", "Ready", "False", 5).getMessage())
        .isEqualTo("auc 0.81 < min 0.90 (golden set)");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.events("fraud-2"))
                    .contains("Warning GateFailed: auc 0.81 < min 0.90 (golden set)"));
  }

  @Test
  void aChecksumMismatchRejectsTheVersion() {
    cluster.create(
        reporting(
            "3",
            "{\"passed\":false,\"modelUri\":\"s3://models/fraud/3/model.onnx\",\"error\":"
                + "\"ChecksumMismatchException: sha256 mismatch for s3://models/fraud/3/model.onnx\"}"));
    cluster.awaitPhase("fraud-3", ModelVersionPhase.Rejected, 90);
    assertThat(cluster.awaitCondition("fraud-3", "ArtifactVerified", "False", 5).getReason())
        .isEqualTo("ChecksumMismatch");
  }

  @Test
  void aSecondChampionIsAConflictOnTheNewerVersion() {
    ModelVersion holder = reporting("4", ModelVersions.report(0.97, 0.95));
    holder.getSpec().aliases = List.of("champion");
    cluster.create(holder);
    cluster.awaitPhase("fraud-4", ModelVersionPhase.Ready, 90);

    ModelVersion claimant = reporting("5", ModelVersions.report(0.97, 0.95));
    claimant.getSpec().aliases = List.of("champion");
    cluster.create(claimant);
    assertThat(cluster.awaitCondition("fraud-5", "AliasConflict", "True", 60).getMessage())
        .isEqualTo(
            "alias champion of model fraud is held by fraud-4; remove it there to move it here");
    assertThat(cluster.get("fraud-4").getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("AliasConflict");
              assertThat(c.getStatus()).isEqualTo("False");
            });
  }

  @Test
  void deletingAServedVersionWaitsUntilNothingServesIt() {
    cluster.create(reporting("6", ModelVersions.report(0.97, 0.95)));
    cluster.awaitPhase("fraud-6", ModelVersionPhase.Ready, 90);
    String job = cluster.get("fraud-6").getStatus().validationJob;
    cluster.createService("fraud", "fraud-6");
    cluster.setServing("fraud", "fraud-6", null);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cluster.get("fraud-6").getStatus().servedBy).containsExactly("fraud"));

    client.resources(ModelVersion.class).inNamespace(NS).withName("fraud-6").delete();
    assertThat(cluster.awaitCondition("fraud-6", "DeletionBlocked", "True", 30).getMessage())
        .isEqualTo("deletion waits until no InferenceService serves this version; served by fraud");

    client.resources(InferenceService.class).inNamespace(NS).withName("fraud").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("fraud-6") == null);
    // The garbage collector follows the owner reference to the validation Job.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.batch().v1().jobs().inNamespace(NS).withName(job).get() == null);
  }
}
