package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.batchprediction.BatchInput;
import dev.gantry.api.v1alpha1.batchprediction.BatchOutput;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report finalizer on a real kube-apiserver, the reconciler running in the test JVM. No Job
 * controller or kubelet runs: the test creates the step pods and writes their ends itself.
 */
class BatchPredictionReportFinalizerIT {
  private static final String NS = "batchprediction-report-it";
  private static final String OTHER = "example.com/keep";

  private static KubernetesClient client;
  private static RunningBatchPredictionOperator operator;

  @BeforeAll
  static void start() {
    client = TestApiServer.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    operator = RunningBatchPredictionOperator.start(client, NS);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aFinishedBatchReleasesEveryPodItsReportFinalizerHolds() {
    String name = "finished";
    client.resource(batch(name)).create();
    finish(name);

    // A pod whose finalizer list also holds another's (ours is not first), and one already
    // deleted, as a killed shard is: both lose only the report finalizer.
    Pod kept = endedPod(name, "finished-shard-0", List.of(OTHER, ReportFinalizer.NAME));
    Pod killed = endedPod(name, "finished-shard-1", List.of(ReportFinalizer.NAME));
    client.resource(killed).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(pod(kept).getMetadata().getFinalizers()).containsExactly(OTHER);
              assertThat(pod(killed)).isNull();
            });
    release(kept);
  }

  @Test
  void aDeletedBatchGoesOnceItsRunningPodsAreReleased() {
    String name = "deleted";
    BatchPrediction bp = client.resource(batch(name)).create();
    Pod running = pod(name, "deleted-plan-0", List.of(ReportFinalizer.NAME));
    awaitStatus(name);

    client.resource(bp).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(pod(running).getMetadata().getFinalizers()).isNullOrEmpty();
              assertThat(
                      client.resources(BatchPrediction.class).inNamespace(NS).withName(name).get())
                  .isNull();
            });
    client.resource(running).withGracePeriod(0).delete();
  }

  private static BatchPrediction batch(String name) {
    BatchPrediction bp = new BatchPrediction();
    bp.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    BatchPredictionSpec spec = new BatchPredictionSpec();
    // No such ModelVersion: the batch waits, and no Job is created.
    spec.modelVersion = "fraud-404";
    BatchInput input = new BatchInput();
    input.uri = "pvc://datasets/accounts.csv";
    spec.inputs = List.of(input);
    spec.output = new BatchOutput();
    spec.output.uri = "pvc://scores/" + name;
    bp.setSpec(spec);
    return bp;
  }

  private static void awaitStatus(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get(name).getStatus() != null);
  }

  /** Plays the batch's end, as its own reconcile would write it once its Jobs ended. */
  private static void finish(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreException(KubernetesClientException.class)
        .untilAsserted(
            () -> {
              BatchPrediction bp = get(name);
              assertThat(bp.getStatus()).isNotNull();
              bp.getStatus().phase = BatchPredictionPhase.Succeeded;
              bp.getStatus().observedGeneration = bp.getMetadata().getGeneration();
              client.resource(bp).updateStatus();
            });
  }

  private static Pod pod(String batch, String name, List<String> finalizers) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(Labels.BATCH_PREDICTION, batch)
                .withFinalizers(finalizers)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("predict")
                .withImage("gantry/inference:test")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  /** A pod that ended; a finished batch may already have released it before it did. */
  private static Pod endedPod(String batch, String name, List<String> finalizers) {
    pod(batch, name, finalizers);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(KubernetesClientException.class)
        .until(() -> end(client.pods().inNamespace(NS).withName(name).get()) != null);
    return client.pods().inNamespace(NS).withName(name).get();
  }

  private static Pod end(Pod created) {
    created.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("predict")
            .withImage("gantry/inference:test")
            .withImageID("")
            .withReady(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("Error")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    return client.resource(created).updateStatus();
  }

  private static Pod pod(Pod pod) {
    return client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
  }

  private static void release(Pod pod) {
    client
        .pods()
        .inNamespace(NS)
        .withName(pod.getMetadata().getName())
        .edit(
            p -> new PodBuilder(p).editMetadata().withFinalizers(List.of()).endMetadata().build());
    client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
  }

  private static BatchPrediction get(String name) {
    return client.resources(BatchPrediction.class).inNamespace(NS).withName(name).get();
  }
}
