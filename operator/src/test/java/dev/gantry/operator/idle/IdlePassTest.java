package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.IdlePolicy;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.prometheus.PromSample;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdlePassTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration CHECK = Duration.ofSeconds(30);
  private static final String GPU = "nvidia.com/gpu";
  private static final String LACK = "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.";

  /** Two schedulable 4-GPU nodes and a tainted one the test pods do not tolerate. */
  static final List<Node> NODES =
      List.of(
          GpuRoomTest.node("gpu-node-0", 4),
          GpuRoomTest.node("gpu-node-1", 4),
          GpuRoomTest.tainted(GpuRoomTest.node("dedicated", 4), "gantry.dev/real-node"));

  private final Map<String, IdlePass.Tracked> tracked = new HashMap<>();

  static TrainingJob running(String name, IdleAction action) {
    TrainingJob tj = new TrainingJob();
    tj.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-a")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    tj.setSpec(new TrainingJobSpec());
    IdlePolicy p = new IdlePolicy();
    p.idleAfter = "2m";
    p.minRuntime = "0s";
    p.gracePeriod = "30s";
    p.action = action;
    tj.getSpec().idlePolicy = p;
    tj.setStatus(new TrainingJobStatus());
    tj.getStatus().phase = TrainingJobPhase.Running;
    tj.getStatus().conditions = new ArrayList<>();
    return tj;
  }

  static Pod pod(String tj, String name, int gpus) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName(name)
        .withLabels(Map.of(Labels.TRAINING_JOB, tj))
        .endMetadata()
        .withNewSpec()
        .withNodeName("gpu-node-0")
        .addNewContainer()
        .withName("trainer")
        .withNewResources()
        .withLimits(Map.of(GPU, new Quantity(String.valueOf(gpus))))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withStartTime("2026-11-22T09:00:00Z")
        .endStatus()
        .build();
  }

  static MetricsReading percent(String pod, int gpus, double value) {
    List<PromSample> samples = new ArrayList<>();
    for (int g = 0; g < gpus; g++) {
      samples.add(new PromSample(Map.of("namespace", "team-a", "pod", pod, "gpu", "" + g), value));
    }
    PodGpuSamples s = PodGpuSamples.of(samples, "namespace", "pod");
    return MetricsReading.of(s, s);
  }

  private IdlePass.Result pass(
      List<TrainingJob> tjs, List<Job> jobs, List<Pod> pods, MetricsReading m, Instant now) {
    return pass(tjs, jobs, pods, m, now, KueueView.NONE);
  }

  private IdlePass.Result pass(
      List<TrainingJob> tjs,
      List<Job> jobs,
      List<Pod> pods,
      MetricsReading m,
      Instant now,
      KueueView kueue) {
    return IdlePass.run(
        new IdlePass.Input(
            tjs,
            jobs,
            pods,
            NODES,
            m,
            tracked,
            Map.of(),
            now,
            CHECK.plusSeconds(16),
            CHECK,
            GPU,
            Optional.empty(),
            kueue));
  }

  @Test
  void anIdleJobIsReportedThenReclaimedForTheWaitingWorkWithAHumanMessage() {
    TrainingJob holder = running("holder", IdleAction.Suspend);
    List<Pod> pods =
        List.of(
            pod("holder", "holder-0", 4),
            PendingGpuDemandTest.pending("team-b", "big-0", "big", 4, LACK));
    IdlePass.Result r = null;
    for (int i = 0; i <= 5; i++) {
      r =
          pass(
              List.of(holder),
              List.of(),
              pods,
              percent("holder-0", 4, 0),
              T0.plus(CHECK.multipliedBy(i)));
      if (i == 3) {
        assertThat(r.reclaims()).as("90 s idle of 120 s").isEmpty();
        assertThat(r.reports().get(0).idleDetected().getReason()).isEqualTo("IdleTimeBelowLimit");
        assertThat(r.reports().get(0).idleDetected().getMessage())
            .isEqualTo("GPU utilization 0% for 1m of 2m");
      }
    }
    assertThat(r.reports().get(0).idleDetected().getStatus()).isEqualTo("True");
    assertThat(r.reports().get(0).metricsAvailable().getReason()).isEqualTo("MetricsReceived");
    assertThat(r.reclaims()).hasSize(1);
    assertThat(r.reclaims().get(0).message())
        .isEqualTo("GPU utilization 0% for 2m; suspended to free 4 GPUs for team-b/big");
    assertThat(r.waiting()).extracting(WaitingWork::ref).containsExactly("team-b/big");
  }

  @Test
  void notifyAndTheExemptionAnnotationAreReportedButNeverReclaimed() {
    TrainingJob notify = running("notify", IdleAction.Notify);
    TrainingJob exempt = running("exempt", IdleAction.Suspend);
    exempt.getMetadata().setAnnotations(Map.of("gantry.dev/idle-reclaim", "disabled"));
    List<Pod> pods =
        List.of(
            pod("notify", "notify-0", 2),
            pod("exempt", "exempt-0", 2),
            PendingGpuDemandTest.pending("team-b", "big-0", "big", 4, LACK));
    List<PromSample> samples = new ArrayList<>();
    for (String p : List.of("notify-0", "exempt-0")) {
      for (int g = 0; g < 2; g++) {
        samples.add(new PromSample(Map.of("namespace", "team-a", "pod", p, "gpu", "" + g), 0));
      }
    }
    PodGpuSamples s = PodGpuSamples.of(samples, "namespace", "pod");
    IdlePass.Result r = null;
    for (int i = 0; i <= 6; i++) {
      r =
          pass(
              List.of(notify, exempt),
              List.of(),
              pods,
              MetricsReading.of(s, s),
              T0.plus(CHECK.multipliedBy(i)));
    }
    assertThat(r.reclaims()).isEmpty();
    assertThat(r.reports()).allMatch(x -> x.idleDetected().getStatus().equals("True"));
    assertThat(r.reports()).allMatch(IdlePass.JobReport::newlyIdle);
  }

  @Test
  void withoutMetricsNothingIsIdleAndTheConditionSaysWhy() {
    TrainingJob holder = running("holder", IdleAction.Suspend);
    List<Pod> pods =
        List.of(
            pod("holder", "holder-0", 4),
            PendingGpuDemandTest.pending("team-b", "big-0", "big", 4, LACK));
    IdlePass.Result r = null;
    for (int i = 0; i <= 10; i++) {
      r =
          pass(
              List.of(holder),
              List.of(),
              pods,
              MetricsReading.unavailable(
                  "PrometheusUnreachable",
                  "Prometheus at http://p:9090 unreachable: Connection refused"),
              T0.plus(CHECK.multipliedBy(i)));
    }
    assertThat(r.reclaims()).isEmpty();
    assertThat(r.reports().get(0).metricsAvailable().getStatus()).isEqualTo("False");
    assertThat(r.reports().get(0).metricsAvailable().getMessage())
        .isEqualTo(
            "Prometheus at http://p:9090 unreachable: Connection refused; nothing is reclaimed");
    assertThat(r.reports().get(0).idleDetected().getReason()).isEqualTo("NoGpuMetrics");
  }

  @Test
  void aPodWithoutSamplesMeansNoDataForTheWholeJob() {
    TrainingJob holder = running("holder", IdleAction.Suspend);
    List<Pod> pods = List.of(pod("holder", "holder-0", 4), pod("holder", "holder-1", 4));
    IdlePass.Result r = pass(List.of(holder), List.of(), pods, percent("holder-0", 4, 0), T0);
    assertThat(r.reports().get(0).metricsAvailable().getReason()).isEqualTo("NoData");
    assertThat(r.reports().get(0).metricsAvailable().getMessage()).contains("holder-1");
  }

  static Job reclaimedJob(String name, String forWork, int pods, int gpusEach) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace("team-a")
        .withName(name)
        .withCreationTimestamp("2026-11-22T08:00:00Z")
        .addToAnnotations(IdleReclaimMarks.RECLAIMED_FOR, forWork)
        .endMetadata()
        .withNewSpec()
        .withSuspend(true)
        .withParallelism(pods)
        .withNewTemplate()
        .withSpec(pod(name, name + "-0", gpusEach).getSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void aReclaimedJobResumesOnlyWhenNothingWaitsAndItFits() {
    TrainingJob a = running("a", IdleAction.Suspend);
    a.getStatus().phase = TrainingJobPhase.Suspended;
    Job job = reclaimedJob("a", "team-b/big", 2, 4);

    assertThat(pass(List.of(a), List.of(job), List.of(), percent("x", 1, 0), T0).resumes())
        .containsExactly(job);
    assertThat(
            pass(
                    List.of(a),
                    List.of(job),
                    List.of(PendingGpuDemandTest.pending("team-b", "big-0", "big", 4, LACK)),
                    percent("x", 1, 0),
                    T0)
                .resumes())
        .as("work still waits")
        .isEmpty();
    assertThat(
            pass(
                    List.of(a),
                    List.of(job),
                    List.of(pod("other", "other-0", 4)),
                    percent("x", 1, 0),
                    T0)
                .resumes())
        .as("4 GPUs free on gpu-node-1 and 4 on the tainted node: 8, but not for these pods")
        .isEmpty();
    assertThat(
            pass(
                    List.of(a),
                    List.of(reclaimedJob("a", "", 1, 1)),
                    List.of(),
                    percent("x", 1, 0),
                    T0)
                .resumes())
        .as("reclaimed for nobody: stays until its owner resumes it")
        .isEmpty();
  }

  @Test
  void aJobWithoutAPolicyIsMeasuredButNeverReclaimed() {
    TrainingJob plain = running("plain", IdleAction.Suspend);
    plain.getSpec().idlePolicy = null;
    List<Pod> pods =
        List.of(
            pod("plain", "plain-0", 4),
            PendingGpuDemandTest.pending("team-b", "big-0", "big", 4, LACK));
    IdlePass.Result r = null;
    for (int i = 0; i <= 20; i++) {
      r =
          pass(
              List.of(plain),
              List.of(),
              pods,
              percent("plain-0", 4, 0),
              T0.plus(CHECK.multipliedBy(i)));
    }
    assertThat(r.reclaims()).isEmpty();
    IdlePass.JobReport report = r.reports().get(0);
    assertThat(report.idleDetected()).isNull();
    assertThat(report.utilizationPercent()).isZero();
    assertThat(report.idleSeconds()).isEqualTo(600);
    assertThat(report.allocated()).isEqualTo(4);
    assertThat(report.metricsAvailable().getStatus()).isEqualTo("True");
  }

  private static Job kueueJob(String name) {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName(name)
            .withUid("uid-" + name)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    return job;
  }

  private static KueueWorkload admittedTo(String job, String clusterQueue) {
    return new KueueWorkload(
        "team-a",
        "job-" + job,
        job,
        "uid-" + job,
        "q-" + clusterQueue,
        true,
        Optional.of(clusterQueue),
        false,
        T0,
        4,
        0);
  }

  private static KueueWorkload waitingIn(String job, String clusterQueue, boolean active) {
    return new KueueWorkload(
        "team-a",
        "job-" + job,
        job,
        "uid-" + job,
        "q-" + clusterQueue,
        active,
        Optional.empty(),
        true,
        T0.minusSeconds(600),
        4,
        0);
  }

  private static KueueView kueue(KueueWorkload... workloads) {
    return new KueueView(
        List.of(workloads),
        Map.of("team-a/q-cq-a", "cq-a", "team-a/q-cq-b", "cq-b", "team-a/q-cq-c", "cq-c"),
        Map.of("cq-b", "lab", "cq-c", "lab"));
  }

  private IdlePass.Result idleFor(TrainingJob tj, Job job, KueueView view) {
    IdlePass.Result r = null;
    for (int i = 0; i <= 5; i++) {
      r =
          pass(
              List.of(tj),
              List.of(job),
              List.of(pod(tj.getMetadata().getName(), "holder-0", 4)),
              percent("holder-0", 4, 0),
              T0.plus(CHECK.multipliedBy(i)),
              view);
    }
    return r;
  }

  @Test
  void anIdleKueueJobIsReclaimedForAWorkloadWaitingForQuotaOfItsOwnPool() {
    TrainingJob holder = running("holder", IdleAction.Suspend);
    IdlePass.Result r =
        idleFor(
            holder,
            kueueJob("holder"),
            kueue(admittedTo("holder", "cq-a"), waitingIn("waiter", "cq-a", true)));

    assertThat(r.waiting()).extracting(WaitingWork::ref).containsExactly("team-a/waiter");
    assertThat(r.reclaims()).hasSize(1);
    assertThat(r.reclaims().get(0).message())
        .isEqualTo("GPU utilization 0% for 2m; suspended to free 4 GPUs for team-a/waiter");
    assertThat(r.reclaims().get(0).admitted())
        .as("its Workload is what gets deactivated")
        .map(KueueWorkload::admittedTo)
        .contains(Optional.of("cq-a"));
  }

  @Test
  void aCohortSharesQuotaButAnotherClusterQueueOrNoKueueAdmissionDoesNot() {
    TrainingJob holder = running("holder", IdleAction.Suspend);
    assertThat(
            idleFor(
                    holder,
                    kueueJob("holder"),
                    kueue(admittedTo("holder", "cq-b"), waitingIn("waiter", "cq-c", true)))
                .reclaims())
        .as("cq-b and cq-c share the cohort lab")
        .hasSize(1);
    tracked.clear();
    assertThat(
            idleFor(
                    holder,
                    kueueJob("holder"),
                    kueue(admittedTo("holder", "cq-a"), waitingIn("waiter", "cq-b", true)))
                .reclaims())
        .as("quota of cq-a does not help work queued for cq-b")
        .isEmpty();
    tracked.clear();
    assertThat(
            idleFor(holder, kueueJob("holder"), kueue(waitingIn("waiter", "cq-a", true)))
                .reclaims())
        .as("a job Kueue did not admit holds no quota")
        .isEmpty();
    tracked.clear();
    assertThat(
            idleFor(
                    holder,
                    kueueJob("holder"),
                    kueue(admittedTo("holder", "cq-a"), waitingIn("waiter", "cq-a", false)))
                .reclaims())
        .as("a deactivated Workload waits for nothing")
        .isEmpty();
  }

  @Test
  void aReclaimedKueueJobGoesBackToItsQueueOnceNothingWaitsForItsPool() {
    TrainingJob a = running("a", IdleAction.Suspend);
    a.getStatus().phase = TrainingJobPhase.Suspended;
    Job job = reclaimedJob("a", "team-a/waiter", 2, 4);
    job.getMetadata().setUid("uid-a");
    KueueWorkload evicted =
        new KueueWorkload(
            "team-a", "job-a", "a", "uid-a", "q-cq-a", false, Optional.empty(), false, T0, 8, 0);

    java.util.function.Function<KueueView, List<Job>> resumesWith =
        view -> pass(List.of(a), List.of(job), List.of(), percent("x", 1, 0), T0, view).resumes();
    assertThat(resumesWith.apply(kueue(evicted, waitingIn("waiter", "cq-a", true))))
        .as("the work it was reclaimed for still waits for cq-a's quota")
        .isEmpty();
    assertThat(resumesWith.apply(kueue(evicted, waitingIn("other", "cq-b", true))))
        .as("work waiting for another pool does not hold it back; Kueue decides when it fits")
        .containsExactly(job);
    assertThat(
            pass(
                    List.of(a),
                    List.of(job),
                    List.of(pod("other", "other-0", 4), pod("more", "more-0", 4)),
                    percent("x", 1, 0),
                    T0,
                    kueue(evicted))
                .resumes())
        .as("no free node GPUs: Kueue, not Gantry, checks that it fits")
        .containsExactly(job);
  }
}
