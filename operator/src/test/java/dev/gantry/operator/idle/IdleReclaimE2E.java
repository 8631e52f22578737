package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import dev.gantry.api.v1alpha1.trainingjob.DatasetSpec;
import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.IdlePolicy;
import dev.gantry.api.v1alpha1.trainingjob.OutputSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.operator.common.Conditions;
import dev.gantry.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Idle-GPU reclaim on the local cluster (2 nodes x 4 nvidia.com/gpu, real scheduler and Job
 * controller, KWOK pods that keep running), with a real Prometheus scraping a DCGM-format exporter
 * whose per-pod utilization the test plays. Check interval 3 s, scrape 1 s, idleAfter 10 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdleReclaimE2E {
  private static final String NS = "idle-e2e";
  private static final Duration IDLE_AFTER = Duration.ofSeconds(10);
  private static final Duration CHECK = ReclaimHarness.CHECK;

  private static KubernetesClient client;
  private static ReclaimHarness harness;
  static final List<String> MEASURED = new ArrayList<>();

  @BeforeAll
  static void start() {
    client = LocalCluster.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    harness = new ReclaimHarness(client, NS);
    harness.prometheus.awaitTargetsUp(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      DashboardData.dump(harness, "idle-e2e");
      harness.close();
    }
    MEASURED.forEach(m -> System.out.println("[idle-e2e] " + m));
  }

  @AfterEach
  void deleteTrainingJobs() {
    client.resources(TrainingJob.class).inNamespace(NS).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.pods().inNamespace(NS).list().getItems().isEmpty());
  }

  static TrainingJob job(String name, int replicas, int gpusEach, IdlePolicy policy) {
    TrainingJob tj = new TrainingJob();
    tj.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    TrainingJobSpec spec = new TrainingJobSpec();
    spec.image = "registry.example.com/team/trainer:1.4";
    spec.replicas = replicas;
    spec.resources = new ResourceSpec();
    spec.resources.limits = new LinkedHashMap<>();
    spec.resources.limits.put("nvidia.com/gpu", new Quantity(String.valueOf(gpusEach)));
    spec.dataset = new DatasetSpec();
    spec.dataset.storageUri = "s3://data/fraud.csv";
    spec.output = new OutputSpec();
    spec.output.modelName = "fraud";
    spec.output.storageUri = "s3://models/fraud";
    spec.podTemplate = new PodTemplateOverlay();
    spec.podTemplate.labels = Map.of("e2e.gantry.dev/outcome", "run");
    spec.idlePolicy = policy;
    tj.setSpec(spec);
    return tj;
  }

  static IdlePolicy policy(IdleAction action, boolean onlyWhenPending, Duration idleAfter) {
    IdlePolicy p = new IdlePolicy();
    p.enabled = true;
    p.gpuUtilizationThreshold = 5;
    p.idleAfter = idleAfter.toSeconds() + "s";
    p.minRuntime = "0s";
    p.gracePeriod = "1s";
    p.action = action;
    p.onlyWhenPending = onlyWhenPending;
    return p;
  }

  private static TrainingJob get(String name) {
    return client.resources(TrainingJob.class).inNamespace(NS).withName(name).get();
  }

  private static TrainingJob awaitPhase(String name, TrainingJobPhase phase, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s; events %s", name, events(name))
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  private static Condition condition(TrainingJob tj, String type) {
    return Conditions.find(tj.getStatus().conditions, type)
        .orElseThrow(() -> new AssertionError(type + " missing in " + tj.getStatus().conditions));
  }

  private static List<String> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static void awaitUnschedulable(String name) {
    awaitPhase(name, TrainingJobPhase.Pending, Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Unschedulable".equals(condition(get(name), "Ready").getReason()));
  }

  private static String metrics() {
    return harness.registry.scrape();
  }

  /** idleAfter plus two check intervals, plus scrape lag and a loaded machine's slack. */
  private static Duration reclaimBound() {
    return IDLE_AFTER.plus(CHECK.multipliedBy(2)).plusSeconds(8);
  }

  @Test
  @Order(1)
  void idleJobIsSuspendedForWaitingWorkWhichThenRunsAndItResumesWhenTheWorkEnds() {
    harness.utilization("holder", 0);
    harness.utilization("waiter", 60);
    client.resource(job("holder", 2, 4, policy(IdleAction.Suspend, true, IDLE_AFTER))).create();
    awaitPhase("holder", TrainingJobPhase.Running, Duration.ofSeconds(60));
    long runningAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                metrics()
                    .contains(
                        "gantry_gpu_allocated{namespace=\""
                            + NS
                            + "\",queue=\"\",trainingjob=\"holder\",} 8.0"));

    client.resource(job("waiter", 1, 4, null)).create();
    awaitUnschedulable("waiter");

    TrainingJob holder = awaitPhase("holder", TrainingJobPhase.Suspended, reclaimBound());
    double seconds = (System.nanoTime() - runningAt) / 1e9;
    MEASURED.add(
        String.format(
            "idle holder suspended %.1f s after it ran (idleAfter %ds, check %ds)",
            seconds, IDLE_AFTER.toSeconds(), CHECK.toSeconds()));
    assertThat(condition(holder, "Ready").getReason()).isEqualTo("IdleReclaimed");
    assertThat(condition(holder, "Reclaimed").getStatus()).isEqualTo("True");
    assertThat(condition(holder, "Reclaimed").getMessage())
        .matches("GPU utilization 0% for \\d+s; suspended to free 8 GPUs for " + NS + "/waiter");
    assertThat(condition(holder, "IdleDetected").getStatus()).isEqualTo("True");
    assertThat(holder.getStatus().reclaimedFor).isEqualTo(NS + "/waiter");
    assertThat(holder.getSpec().suspend).as("the user's spec is never written").isFalse();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("holder")
                .get()
                .getSpec()
                .getSuspend())
        .isTrue();
    assertThat(events("holder"))
        .anyMatch(e -> e.startsWith("Warning IdleReclaimed: GPU utilization 0%"));

    awaitPhase("waiter", TrainingJobPhase.Running, Duration.ofSeconds(60));
    await()
        .atMost(CHECK.multipliedBy(4))
        .untilAsserted(
            () ->
                assertThat(get("waiter").getStatus().gpu.utilizationPercent)
                    .as("a job without a policy is measured too")
                    .isEqualTo(60));
    assertThat(Conditions.find(get("waiter").getStatus().conditions, "IdleDetected")).isEmpty();
    await()
        .during(CHECK.multipliedBy(3))
        .atMost(CHECK.multipliedBy(4))
        .until(() -> get("holder").getStatus().phase == TrainingJobPhase.Suspended);
    assertThat(metrics())
        .as("per-job GPU gauges exist only while the job runs")
        .doesNotContain(
            "gantry_gpu_allocated{namespace=\"" + NS + "\",queue=\"\",trainingjob=\"holder\"")
        .contains(
            "gantry_reclaimed_gpus{namespace=\""
                + NS
                + "\",reclaimed_for=\""
                + NS
                + "/waiter\",trainingjob=\"holder\",} 8.0");
    assertThat(metrics())
        .contains(
            "gantry_gpu_reclaimed_seconds_total{action=\"Suspend\",namespace=\"" + NS + "\",}");

    client.resources(TrainingJob.class).inNamespace(NS).withName("waiter").delete();
    TrainingJob resumed = awaitPhase("holder", TrainingJobPhase.Running, Duration.ofSeconds(60));
    assertThat(condition(resumed, "Reclaimed").getStatus()).isEqualTo("False");
    assertThat(condition(resumed, "Reclaimed").getReason()).isEqualTo("Resumed");
    assertThat(events("holder")).anyMatch(e -> e.startsWith("Normal Resumed"));
  }

  @Test
  @Order(2)
  void idleJobWithNobodyWaitingIsKeptUnderOnlyWhenPendingAndReclaimedOtherwise() {
    harness.utilization("patient", 0);
    harness.utilization("eager", 0);
    client.resource(job("patient", 1, 2, policy(IdleAction.Suspend, true, IDLE_AFTER))).create();
    client.resource(job("eager", 1, 2, policy(IdleAction.Suspend, false, IDLE_AFTER))).create();
    awaitPhase("patient", TrainingJobPhase.Running, Duration.ofSeconds(60));

    TrainingJob eager =
        awaitPhase("eager", TrainingJobPhase.Suspended, reclaimBound().plusSeconds(30));
    assertThat(condition(eager, "Reclaimed").getMessage())
        .contains("suspended to free 2 GPUs (onlyWhenPending is false)");
    assertThat(eager.getStatus().reclaimedFor).isNull();

    await()
        .atMost(reclaimBound())
        .until(() -> Conditions.isTrue(get("patient").getStatus().conditions, "IdleDetected"));
    await()
        .during(CHECK.multipliedBy(3))
        .atMost(CHECK.multipliedBy(4))
        .until(() -> get("patient").getStatus().phase == TrainingJobPhase.Running);
    TrainingJob patient = get("patient");
    assertThat(condition(patient, "IdleDetected").getMessage())
        .startsWith("GPU utilization 0% for");
    assertThat(patient.getStatus().gpu.idleSeconds).isGreaterThanOrEqualTo(IDLE_AFTER.toSeconds());
    assertThat(patient.getStatus().gpu.utilizationPercent).isZero();
    assertThat(Conditions.find(patient.getStatus().conditions, "Reclaimed")).isEmpty();
  }

  @Test
  @Order(3)
  void aBurstyJobIsNeverReclaimed() {
    // 0% for 20 s, then 80% for 5 s, repeating; idleAfter 30 s; reclaimable even with nobody
    // waiting, so only the accounting keeps it running.
    harness.utilization("bursty", t -> t % 25 >= 20 ? 80 : 0);
    client
        .resource(job("bursty", 1, 2, policy(IdleAction.Suspend, false, Duration.ofSeconds(30))))
        .create();
    awaitPhase("bursty", TrainingJobPhase.Running, Duration.ofSeconds(60));
    long[] longestIdle = {0};
    await()
        .during(Duration.ofSeconds(60))
        .atMost(Duration.ofSeconds(70))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              TrainingJob tj = get("bursty");
              if (tj.getStatus().gpu != null && tj.getStatus().gpu.idleSeconds != null) {
                longestIdle[0] = Math.max(longestIdle[0], tj.getStatus().gpu.idleSeconds);
              }
              return tj.getStatus().phase == TrainingJobPhase.Running
                  && !Conditions.isTrue(tj.getStatus().conditions, "IdleDetected");
            });
    MEASURED.add("bursty job: longest idle count seen " + longestIdle[0] + " s of 30 s");
    assertThat(longestIdle[0]).isGreaterThan(0).isLessThan(30);
    assertThat(events("bursty")).noneMatch(e -> e.contains("IdleReclaimed"));
  }

  @Test
  @Order(4)
  void notifyOnlyReportsAndTheExemptionAnnotationIsHonoured() {
    harness.utilization("dry-run", 0);
    harness.utilization("exempt", 0);
    harness.utilization("waiter", 60);
    client.resource(job("dry-run", 1, 4, policy(IdleAction.Notify, true, IDLE_AFTER))).create();
    TrainingJob exempt = job("exempt", 1, 4, policy(IdleAction.Suspend, true, IDLE_AFTER));
    exempt.getMetadata().setAnnotations(Map.of("gantry.dev/idle-reclaim", "disabled"));
    client.resource(exempt).create();
    awaitPhase("dry-run", TrainingJobPhase.Running, Duration.ofSeconds(60));
    awaitPhase("exempt", TrainingJobPhase.Running, Duration.ofSeconds(60));
    client.resource(job("waiter", 1, 4, null)).create();
    awaitUnschedulable("waiter");

    await()
        .atMost(reclaimBound())
        .untilAsserted(
            () -> {
              assertThat(Conditions.isTrue(get("dry-run").getStatus().conditions, "IdleDetected"))
                  .isTrue();
              assertThat(Conditions.isTrue(get("exempt").getStatus().conditions, "IdleDetected"))
                  .isTrue();
            });
    await()
        .during(CHECK.multipliedBy(3))
        .atMost(CHECK.multipliedBy(4))
        .until(
            () ->
                get("dry-run").getStatus().phase == TrainingJobPhase.Running
                    && get("exempt").getStatus().phase == TrainingJobPhase.Running
                    && get("waiter").getStatus().phase == TrainingJobPhase.Pending);
    assertThat(events("dry-run"))
        .anyMatch(
            e ->
                e.startsWith("Warning IdleDetected: GPU utilization 0% for")
                    && e.endsWith("action is Notify, so nothing is reclaimed"));
    assertThat(condition(get("exempt"), "IdleDetected").getMessage())
        .contains("exempt from reclaim (gantry.dev/idle-reclaim: disabled)");
    assertThat(metrics()).contains("gantry_pending_gpu_requests{namespace=\"" + NS + "\",} 4.0");
  }

  @Test
  @Order(5)
  void terminateEndsTheJobFailedAndItsJobIsNotRecreated() {
    harness.utilization("doomed", 0);
    harness.utilization("waiter", 60);
    client.resource(job("doomed", 2, 4, policy(IdleAction.Terminate, true, IDLE_AFTER))).create();
    awaitPhase("doomed", TrainingJobPhase.Running, Duration.ofSeconds(60));
    client.resource(job("waiter", 1, 4, null)).create();
    awaitUnschedulable("waiter");

    TrainingJob doomed = awaitPhase("doomed", TrainingJobPhase.Failed, reclaimBound());
    assertThat(condition(doomed, "Failed").getReason()).isEqualTo("IdleReclaimed");
    assertThat(condition(doomed, "Failed").getMessage())
        .matches("GPU utilization 0% for \\d+s; terminated to free 8 GPUs for " + NS + "/waiter");
    assertThat(doomed.getStatus().reclaimedFor).isEqualTo(NS + "/waiter");
    awaitPhase("waiter", TrainingJobPhase.Running, Duration.ofSeconds(60));
    await()
        .during(CHECK.multipliedBy(2))
        .atMost(CHECK.multipliedBy(3))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NS).withName("doomed").get() == null
                    && get("doomed").getStatus().phase == TrainingJobPhase.Failed);
    assertThat(metrics()).contains("gantry_gpu_reclaimed_seconds_total{action=\"Terminate\"");
  }

  /** Last: it stops Prometheus. */
  @Test
  @Order(6)
  void prometheusDownMeansNothingIsReclaimedAndTheConditionSaysWhy() {
    harness.utilization("holder", 0);
    harness.utilization("waiter", 60);
    harness.prometheus.stop();
    client.resource(job("holder", 2, 4, policy(IdleAction.Suspend, true, IDLE_AFTER))).create();
    awaitPhase("holder", TrainingJobPhase.Running, Duration.ofSeconds(60));
    client.resource(job("waiter", 1, 4, null)).create();
    awaitUnschedulable("waiter");

    await()
        .atMost(CHECK.multipliedBy(3))
        .until(
            () ->
                Conditions.find(get("holder").getStatus().conditions, "GpuMetricsAvailable")
                    .isPresent());
    await()
        .during(reclaimBound())
        .atMost(reclaimBound().plus(CHECK))
        .until(() -> get("holder").getStatus().phase == TrainingJobPhase.Running);
    TrainingJob holder = get("holder");
    Condition metrics = condition(holder, "GpuMetricsAvailable");
    assertThat(metrics.getStatus()).isEqualTo("False");
    assertThat(metrics.getReason()).isEqualTo("PrometheusUnreachable");
    assertThat(metrics.getMessage()).contains("unreachable").endsWith("; nothing is reclaimed");
    assertThat(condition(holder, "IdleDetected").getStatus()).isEqualTo("False");
    assertThat(condition(holder, "IdleDetected").getReason()).isEqualTo("NoGpuMetrics");
    assertThat(get("waiter").getStatus().phase).isEqualTo(TrainingJobPhase.Pending);
  }
}
