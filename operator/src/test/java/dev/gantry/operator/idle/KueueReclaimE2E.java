package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.RepoFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle reclaim beside a real Kueue (scripts/local-cluster kueue, batch/job integration) on the
 * local cluster's two simulated 4-GPU nodes, with the queues of examples/kueue/: a ClusterQueue of
 * 8 GPUs. Two queued TrainingJobs of 2 x 4 GPUs: Kueue admits one and holds the other for lack of
 * quota (no pod of it exists, so only Kueue knows it waits). The first idles; the reclaimer counts
 * the held Workload as waiting work, deactivates the idle job's Workload, Kueue suspends it and
 * admits the waiting one. Once that one is gone, the first queues again and Kueue readmits it.
 */
class KueueReclaimE2E {
  private static final String NS = "kueue-e2e";
  private static final Duration IDLE_AFTER = Duration.ofSeconds(10);
  private static final String WORKLOADS = "kueue.x-k8s.io/v1beta2";

  private static KubernetesClient client;
  private static ReclaimHarness harness;
  private static final List<String> MEASURED = new ArrayList<>();

  @BeforeAll
  static void start() {
    LocalCluster.kueue();
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    LocalCluster.kubectl(
            "apply", "-f", RepoFiles.resolve("examples/kueue/cluster-queue.yaml").toString())
        .succeed();
    LocalCluster.kubectl(
            "apply",
            "-n",
            NS,
            "-f",
            RepoFiles.resolve("examples/kueue/local-queue.yaml").toString())
        .succeed();
    harness = new ReclaimHarness(client, NS);
    harness.prometheus.awaitTargetsUp(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.resources(TrainingJob.class).inNamespace(NS).delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> client.pods().inNamespace(NS).list().getItems().isEmpty());
    }
    if (harness != null) {
      harness.close();
    }
    MEASURED.forEach(m -> System.out.println("[kueue-e2e] " + m));
  }

  @Test
  void anIdleAdmittedJobGivesItsQuotaToAHeldWorkloadAndQueuesAgainOnceItIsGone() {
    harness.utilization("holder", 0);
    harness.utilization("waiter", 60);

    // Admitted through Kueue: its Job is created suspended and Kueue lets it run.
    client
        .resource(queued("holder", IdleReclaimE2E.policy(IdleAction.Suspend, true, IDLE_AFTER)))
        .create();
    awaitPhase("holder", TrainingJobPhase.Running, Duration.ofSeconds(90));
    assertThat((Object) workloadOf("holder").get("status", "admission", "clusterQueue"))
        .isEqualTo("gpus");
    long runningAt = System.nanoTime();

    // Quota respected: the second gets a Workload that waits for GPU quota, and no pod.
    client.resource(queued("waiter", null)).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(quotaMessage("waiter"))
                    .contains("insufficient unused quota for nvidia.com/gpu"));
    assertThat(job("waiter").getSpec().getSuspend()).isTrue();
    assertThat(podsOf("waiter")).isZero();

    // The idle holder is reclaimed for it: Kueue evicts the holder and admits the waiter.
    TrainingJob holder =
        awaitPhase("holder", TrainingJobPhase.Suspended, IDLE_AFTER.plusSeconds(45));
    MEASURED.add(
        String.format(
            "idle admitted job suspended %.1f s after it ran (idleAfter %ds, check %ds)",
            (System.nanoTime() - runningAt) / 1e9,
            IDLE_AFTER.toSeconds(),
            ReclaimHarness.CHECK.toSeconds()));
    assertThat(holder.getStatus().reclaimedFor).isEqualTo(NS + "/waiter");
    assertThat(holder.getSpec().suspend).as("the user's spec is never written").isFalse();
    assertThat((Object) workloadOf("holder").get("spec", "active")).isEqualTo(false);
    long reclaimedAt = System.nanoTime();
    awaitPhase("waiter", TrainingJobPhase.Running, Duration.ofSeconds(90));
    MEASURED.add(
        String.format(
            "held workload running %.1f s after the reclaim",
            (System.nanoTime() - reclaimedAt) / 1e9));
    assertThat((Object) workloadOf("waiter").get("status", "admission", "clusterQueue"))
        .isEqualTo("gpus");
    assertThat(job("holder").getSpec().getSuspend()).as("Kueue suspended it").isTrue();
    assertThat(podsOf("holder")).isZero();

    // Nothing waits any more: the holder queues again and Kueue readmits it.
    client.resources(TrainingJob.class).inNamespace(NS).withName("waiter").delete();
    awaitPhase("holder", TrainingJobPhase.Running, Duration.ofSeconds(90));
    assertThat((Object) workloadOf("holder").get("spec", "active")).isEqualTo(true);
    assertThat(job("holder").getMetadata().getAnnotations())
        .doesNotContainKey(IdleReclaimMarks.RECLAIMED_FOR);
  }

  private static TrainingJob queued(
      String name, dev.gantry.api.v1alpha1.trainingjob.IdlePolicy policy) {
    TrainingJob tj = IdleReclaimE2E.job(name, 2, 4, policy);
    tj.getMetadata().setNamespace(NS);
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.KUEUE_QUEUE, "team");
    tj.getMetadata().setLabels(labels);
    return tj;
  }

  private static TrainingJob get(String name) {
    return client.resources(TrainingJob.class).inNamespace(NS).withName(name).get();
  }

  private static Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  private static long podsOf(String name) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel(Labels.TRAINING_JOB, name)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .count();
  }

  private static GenericKubernetesResource workloadOf(String jobName) {
    String uid = job(jobName).getMetadata().getUid();
    return workloadList().stream()
        .filter(
            w ->
                w.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Workload for Job " + jobName));
  }

  private static String quotaMessage(String jobName) {
    Object conditions = workloadOf(jobName).get("status", "conditions");
    return Optional.ofNullable(conditions).map(Object::toString).orElse("");
  }

  private static TrainingJob awaitPhase(String name, TrainingJobPhase phase, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s; workloads %s", name, workloads())
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  private static List<GenericKubernetesResource> workloadList() {
    return client
        .genericKubernetesResources(WORKLOADS, "Workload")
        .inNamespace(NS)
        .list()
        .getItems();
  }

  private static String workloads() {
    return workloadList().stream()
        .map(
            w ->
                w.getMetadata().getName()
                    + " active="
                    + w.get("spec", "active")
                    + " conditions="
                    + w.get("status", "conditions"))
        .toList()
        .toString();
  }
}
