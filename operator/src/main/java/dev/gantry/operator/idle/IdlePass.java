package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.IdlePolicy;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.idle.IdleAccounting.Observation;
import dev.gantry.operator.idle.IdleAccounting.State;
import dev.gantry.operator.idle.VictimSelection.Reclaim;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One pass of the idle reclaimer over the whole cluster, as a pure function of what it observed:
 * the idle accounting of every watched running job, the work waiting for GPUs, the victims, and the
 * reclaimed jobs that may resume. The caller ({@link IdleReclaimer}) reads the cluster and
 * Prometheus, and carries out the result.
 */
public final class IdlePass {
  private IdlePass() {}

  /** What the pass saw; {@code tracked} is the caller's memory between passes, updated in place. */
  public record Input(
      List<TrainingJob> trainingJobs,
      List<Job> jobs,
      List<Pod> pods,
      List<Node> nodes,
      MetricsReading metrics,
      Map<String, Tracked> tracked,
      Map<String, Integer> beingFreed,
      Instant now,
      Duration window,
      Duration resumeDelay,
      String gpuResourceName,
      Optional<IdlePolicy> defaultPolicy,
      KueueView kueue) {}

  /** Per-job memory between passes: idle accounting and GPU-seconds consumed. */
  public record Tracked(State idle, long gpuSeconds) {}

  /**
   * The reclaimer-owned part of a running job's status; {@code idleDetected} is null for a job
   * without an idle policy (measured, never reclaimed).
   */
  public record JobReport(
      TrainingJob trainingJob,
      int allocated,
      Integer utilizationPercent,
      long idleSeconds,
      long gpuSeconds,
      Condition idleDetected,
      Condition metricsAvailable,
      boolean newlyIdle,
      IdleAction action) {}

  /**
   * A reclaim to carry out, with its human message.
   *
   * @param admitted the Kueue Workload holding quota for the victim's Job, when Kueue admitted it:
   *     that Workload is deactivated instead of the Job being suspended
   */
  public record Action(
      TrainingJob trainingJob, Reclaim reclaim, String message, Optional<KueueWorkload> admitted) {}

  public record Result(
      List<JobReport> reports,
      List<Action> reclaims,
      List<Job> resumes,
      List<WaitingWork> waiting) {}

  public static Result run(Input in) {
    Map<String, List<Pod>> podsByJob =
        in.pods().stream()
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(p -> p.getMetadata().getLabels().containsKey(Labels.TRAINING_JOB))
            .collect(
                Collectors.groupingBy(
                    p ->
                        p.getMetadata().getNamespace()
                            + "/"
                            + p.getMetadata().getLabels().get(Labels.TRAINING_JOB)));
    Map<String, Job> jobByRef = new HashMap<>();
    in.jobs().forEach(j -> jobByRef.put(ref(j.getMetadata()), j));

    List<JobReport> reports = new ArrayList<>();
    List<IdleCandidate> candidates = new ArrayList<>();
    Map<String, TrainingJob> byRef = new HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (TrainingJob tj : in.trainingJobs()) {
      String uid = tj.getMetadata().getUid();
      byRef.put(ref(tj.getMetadata()), tj);
      Optional<EffectivePolicy> policy =
          EffectivePolicy.of(tj.getSpec().idlePolicy, in.defaultPolicy());
      List<Pod> gpuPods =
          podsByJob.getOrDefault(ref(tj.getMetadata()), List.of()).stream()
              .filter(GpuPods::running)
              .filter(GpuPods::holdsGpus)
              .filter(p -> GpuPods.gpus(p, in.gpuResourceName()) > 0)
              .toList();
      if (tj.getStatus() == null
          || tj.getStatus().phase != TrainingJobPhase.Running
          || gpuPods.isEmpty()) {
        continue; // not running now: its next run is counted afresh
      }
      seen.add(uid);
      // A job without a policy is still measured (status, metrics), never reclaimed.
      boolean watched = policy.isPresent();
      EffectivePolicy p = policy.orElse(EffectivePolicy.MEASURE_ONLY);
      Tracked before =
          in.tracked()
              .getOrDefault(uid, new Tracked(State.restored(restoredIdle(tj)), gpuSecs(tj)));
      int allocated = GpuPods.sumGpus(gpuPods, in.gpuResourceName());
      Instant runningSince = runningSince(gpuPods, in.now());
      JobWindow window;
      if (in.metrics().available()) {
        window =
            JobWindow.of(
                gpuPods,
                in.metrics().max().get(),
                in.metrics().mean().get(),
                p.thresholdPercent(),
                in.gpuResourceName());
      } else {
        window = new JobWindow(Observation.NO_DATA, OptionalDouble.empty(), List.of());
      }
      State idle =
          IdleAccounting.next(
              before.idle(),
              window.observation(),
              in.now(),
              in.window(),
              runningSince,
              p.minRuntime());
      long gpuSeconds =
          before.gpuSeconds() + consumed(before.idle(), in.now(), in.window()) * allocated;
      in.tracked().put(uid, new Tracked(idle, gpuSeconds));

      boolean idleEnough = IdleAccounting.idleEnough(idle, p.idleAfter());
      boolean wasIdle =
          tj.getStatus() != null
              && Conditions.isTrue(tj.getStatus().conditions, IdleReclaimMarks.IDLE_DETECTED);
      Integer percent =
          window.meanPercent().isPresent()
              ? (int) Math.round(window.meanPercent().getAsDouble())
              : null;
      reports.add(
          new JobReport(
              tj,
              allocated,
              percent,
              idle.idleSeconds(),
              gpuSeconds,
              watched
                  ? idleCondition(tj, p, idle, window, runningSince, in.now(), idleEnough)
                  : null,
              metricsCondition(tj, in.metrics(), window, in.window(), in.now()),
              watched && idleEnough && !wasIdle,
              p.action()));
      if (watched
          && idleEnough
          && p.action() != IdleAction.Notify
          && !IdleReclaimMarks.exempt(tj)) {
        candidates.add(
            new IdleCandidate(
                tj.getMetadata().getNamespace(),
                tj.getMetadata().getName(),
                allocated,
                gpuPods.stream().mapToInt(GpuPods::priority).max().orElse(0),
                idle.idleSeconds(),
                window.meanPercent().orElse(0),
                p.action(),
                p.onlyWhenPending(),
                Optional.ofNullable(jobByRef.get(ref(tj.getMetadata())))
                    .flatMap(in.kueue()::poolHeldBy)));
      }
    }
    in.tracked().keySet().retainAll(seen);

    List<WaitingWork> waiting =
        PendingGpuDemand.inServingOrder(
            PendingGpuDemand.of(
                in.pods(),
                in.gpuResourceName(),
                GpuRoom.largestNode(in.nodes(), in.gpuResourceName())),
            in.kueue().waiting());
    List<Action> actions = new ArrayList<>();
    for (Reclaim r : VictimSelection.choose(candidates, waiting, in.beingFreed())) {
      TrainingJob tj = byRef.get(r.victim().ref());
      Optional<KueueWorkload> admitted =
          Optional.ofNullable(jobByRef.get(r.victim().ref()))
              .flatMap(in.kueue()::workloadOf)
              .filter(w -> w.admittedTo().isPresent());
      actions.add(new Action(tj, r, ReclaimMessages.reclaimed(r), admitted));
    }
    return new Result(reports, actions, resumable(in, waiting, jobByRef, byRef), waiting);
  }

  /**
   * Reclaimed (suspended) jobs whose marks go: those whose owner set spec.suspend (the user took
   * over; clearing it later resumes), and those reclaimed for waiting work once nothing waits and
   * the whole job fits in the free GPUs of the nodes its pods may use ({@link GpuRoom}), oldest job
   * first, each resumed job's GPUs spoken for. A job Kueue admitted goes back to its queue once no
   * work waits for its pool's quota (Kueue readmits it when it fits). A job reclaimed for nobody
   * ({@code onlyWhenPending: false}) stays suspended until its owner resumes it that way.
   */
  static List<Job> resumable(
      Input in,
      List<WaitingWork> waiting,
      Map<String, Job> jobByRef,
      Map<String, TrainingJob> tjs) {
    List<Job> reclaimed =
        jobByRef.values().stream()
            .filter(IdleReclaimMarks::isReclaimed)
            .sorted(
                Comparator.comparing(
                        (Job j) -> j.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                    .thenComparing(j -> j.getMetadata().getName()))
            .toList();
    List<Job> resumes = new ArrayList<>();
    for (Job job : reclaimed) {
      TrainingJob tj = tjs.get(ref(job.getMetadata()));
      if (tj != null && Boolean.TRUE.equals(tj.getSpec().suspend)) {
        resumes.add(job);
      }
    }
    // A Kueue job goes back to its queue once nothing waits for its pool's quota: Kueue, not
    // Gantry, then decides when it fits.
    for (Job job : reclaimed) {
      Optional<KueueWorkload> workload = in.kueue().workloadOf(job);
      Optional<String> pool = workload.flatMap(in.kueue()::poolQueuedFor);
      Optional<String> forWork = IdleReclaimMarks.reclaimedFor(job);
      if (resumes.contains(job)
          || pool.isEmpty()
          || forWork.isEmpty()
          || in.beingFreed().containsKey(forWork.get())) {
        continue;
      }
      if (waiting.stream().noneMatch(w -> pool.equals(w.quotaPool()))) {
        resumes.add(job);
      }
    }
    if (!waiting.isEmpty()) {
      return resumes;
    }
    GpuRoom room = GpuRoom.of(in.nodes(), in.pods(), in.gpuResourceName());
    for (Job job : reclaimed) {
      Optional<String> forWork = IdleReclaimMarks.reclaimedFor(job);
      if (resumes.contains(job)
          || forWork.isEmpty()
          || in.beingFreed().containsKey(forWork.get())
          || in.kueue().workloadOf(job).isPresent()) {
        continue;
      }
      PodSpec template = job.getSpec().getTemplate().getSpec();
      if (room.take(template, parallelism(job), podGpus(template, in.gpuResourceName()))) {
        resumes.add(job);
      }
    }
    return resumes;
  }

  /** GPUs a TrainingJob asks for: replicas x its per-replica GPU limit. */
  static int requestedGpus(TrainingJob tj) {
    if (tj.getSpec().resources == null || tj.getSpec().resources.limits == null) {
      return 0;
    }
    io.fabric8.kubernetes.api.model.Quantity q =
        tj.getSpec().resources.limits.get("nvidia.com/gpu");
    int replicas = tj.getSpec().replicas == null ? 1 : tj.getSpec().replicas;
    return q == null ? 0 : replicas * q.getNumericalAmount().intValue();
  }

  private static int parallelism(Job job) {
    return job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
  }

  private static int podGpus(PodSpec template, String gpuResourceName) {
    Pod pod = new Pod();
    pod.setSpec(template);
    return GpuPods.gpus(pod, gpuResourceName);
  }

  private static Condition idleCondition(
      TrainingJob tj,
      EffectivePolicy p,
      State idle,
      JobWindow window,
      Instant runningSince,
      Instant now,
      boolean idleEnough) {
    String reason;
    String message;
    String threshold = "threshold " + (int) p.thresholdPercent() + "%";
    String util =
        window.meanPercent().isPresent() ? percent(window.meanPercent().getAsDouble()) : "?";
    if (window.observation() == Observation.NO_DATA) {
      reason = "NoGpuMetrics";
      message = "no GPU metrics for this job; not counted as idle";
    } else if (window.observation() == Observation.ACTIVE) {
      reason = "GpusActive";
      message = "GPU utilization " + util + " (" + threshold + ")";
    } else if (idleEnough) {
      reason = "GpusIdle";
      message =
          "GPU utilization "
              + util
              + " for "
              + ApiDurations.human(Duration.ofSeconds(idle.idleSeconds()))
              + " ("
              + threshold
              + ")"
              + (IdleReclaimMarks.exempt(tj)
                  ? "; exempt from reclaim (" + IdleReclaimMarks.EXEMPT_ANNOTATION + ": disabled)"
                  : "");
    } else if (now.isBefore(runningSince.plus(p.minRuntime()))) {
      reason = "MinRuntimeNotReached";
      message =
          "GPU utilization "
              + util
              + "; idle time counts after minRuntime "
              + ApiDurations.human(p.minRuntime());
    } else {
      reason = "IdleTimeBelowLimit";
      message =
          "GPU utilization "
              + util
              + " for "
              + ApiDurations.human(Duration.ofSeconds(idle.idleSeconds()))
              + " of "
              + ApiDurations.human(p.idleAfter());
    }
    return Conditions.of(
        previous(tj),
        IdleReclaimMarks.IDLE_DETECTED,
        idleEnough,
        reason,
        message,
        tj.getMetadata().getGeneration(),
        now);
  }

  private static Condition metricsCondition(
      TrainingJob tj, MetricsReading metrics, JobWindow window, Duration span, Instant now) {
    boolean ok = metrics.available() && window.missing().isEmpty();
    String reason;
    String message;
    if (!metrics.available()) {
      reason = metrics.reason();
      message = metrics.message() + "; nothing is reclaimed";
    } else if (!window.missing().isEmpty()) {
      reason = "NoData";
      message =
          "no GPU samples for pod(s) "
              + String.join(", ", window.missing())
              + " in the last "
              + ApiDurations.human(span)
              + "; nothing is reclaimed";
    } else {
      reason = "MetricsReceived";
      message = "GPU utilization samples received for every pod";
    }
    return Conditions.of(
        previous(tj),
        IdleReclaimMarks.GPU_METRICS_AVAILABLE,
        ok,
        reason,
        message,
        tj.getMetadata().getGeneration(),
        now);
  }

  static String percent(double value) {
    return Math.round(value) + "%";
  }

  private static long consumed(State before, Instant now, Duration window) {
    if (before.lastCheck() == null || !now.isAfter(before.lastCheck())) {
      return 0;
    }
    return Math.min(Duration.between(before.lastCheck(), now).toSeconds(), window.toSeconds());
  }

  private static Instant runningSince(List<Pod> pods, Instant now) {
    return pods.stream()
        .map(p -> p.getStatus() == null ? null : p.getStatus().getStartTime())
        .filter(java.util.Objects::nonNull)
        .map(Instant::parse)
        .min(Comparator.naturalOrder())
        .orElse(now);
  }

  private static long restoredIdle(TrainingJob tj) {
    return tj.getStatus() != null
            && tj.getStatus().gpu != null
            && tj.getStatus().gpu.idleSeconds != null
        ? tj.getStatus().gpu.idleSeconds
        : 0;
  }

  private static long gpuSecs(TrainingJob tj) {
    return tj.getStatus() != null
            && tj.getStatus().gpu != null
            && tj.getStatus().gpu.gpuSeconds != null
        ? tj.getStatus().gpu.gpuSeconds
        : 0;
  }

  private static List<Condition> previous(TrainingJob tj) {
    return tj.getStatus() == null ? null : tj.getStatus().conditions;
  }

  private static String ref(io.fabric8.kubernetes.api.model.ObjectMeta m) {
    return m.getNamespace() + "/" + m.getName();
  }
}
