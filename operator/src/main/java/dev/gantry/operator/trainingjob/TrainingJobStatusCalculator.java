package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobReasons.BACKOFF_LIMIT_EXCEEDED;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.BAD_INPUT;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.DEADLINE_EXCEEDED;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.JOB_CREATING;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.JOB_FAILED;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.PODS_STARTING;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.RUNNING;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.SUCCEEDED;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.SUSPENDED;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.UNSCHEDULABLE;
import static dev.gantry.operator.trainingjob.TrainingJobReasons.WAITING_FOR_ADMISSION;

import dev.gantry.api.v1alpha1.trainingjob.GpuStatus;
import dev.gantry.api.v1alpha1.trainingjob.ReplicaStatus;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.idle.IdleReclaimMarks;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a TrainingJob's whole status from its previous status, its generation and what the
 * caches show of its Job and pods. Pure: no clock (the time comes in), no client.
 */
public final class TrainingJobStatusCalculator {
  public static final String READY = "Ready";
  public static final String RUNNING_CONDITION = "Running";
  public static final String SUSPENDED_CONDITION = "Suspended";
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";
  public static final String MODEL_REGISTERED = "ModelRegistered";

  private TrainingJobStatusCalculator() {}

  /** Where the job stands and why, before it is spelled out as conditions. */
  record Verdict(TrainingJobPhase phase, String reason, String message) {}

  /**
   * The new status.
   *
   * @param registration the outcome of a model registration done in this reconcile; empty keeps the
   *     previous ModelRegistered condition and modelVersion
   */
  public static TrainingJobStatus calculate(
      TrainingJob trainingJob,
      ObservedChildren observed,
      Optional<ModelRegistration> registration,
      String gpuResourceName,
      Instant now) {
    TrainingJobStatus old = previous(trainingJob);
    Verdict verdict = verdict(trainingJob, observed);
    TrainingJobStatus status = withConditions(trainingJob, old, verdict, now);
    Optional<Job> job = observed.job();
    status.replicas = replicas(job.map(Job::getStatus).orElse(null));
    status.gpu = gpu(old, verdict, allocatedGpus(observed.pods(), gpuResourceName));
    status.startTime = old.startTime != null ? old.startTime : startTime(verdict, observed);
    status.completionTime = completionTime(verdict, job.orElse(null));
    status.modelVersion = old.modelVersion;
    status.reclaimedFor = old.reclaimedFor;
    idleConditions(trainingJob, old, job, status, now);
    Optional<Condition> oldRegistered = Conditions.find(old.conditions, MODEL_REGISTERED);
    if (registration.isPresent()) {
      ModelRegistration outcome = registration.get();
      status.modelVersion = outcome.modelVersion();
      status.conditions.add(
          Conditions.of(
              old.conditions,
              MODEL_REGISTERED,
              outcome.registered(),
              outcome.reason(),
              outcome.message(),
              generation(trainingJob),
              now));
    } else {
      oldRegistered.ifPresent(status.conditions::add);
    }
    return status;
  }

  /**
   * The idle reclaimer's fields are its own (it writes them each check); they are carried over, and
   * the per-run ones (utilization, idle time) dropped once the job no longer runs.
   */
  private static GpuStatus gpu(TrainingJobStatus old, Verdict verdict, int allocated) {
    GpuStatus gpu = new GpuStatus();
    gpu.allocated = allocated;
    if (old.gpu != null) {
      gpu.gpuSeconds = old.gpu.gpuSeconds;
      if (verdict.phase() == TrainingJobPhase.Running) {
        gpu.utilizationPercent = old.gpu.utilizationPercent;
        gpu.idleSeconds = old.gpu.idleSeconds;
      }
    }
    return gpu;
  }

  /**
   * IdleDetected and GpuMetricsAvailable are the reclaimer's and carried over. Reclaimed follows
   * the Job's reclaim mark: True while marked, False ("Resumed") once the mark is gone.
   */
  private static void idleConditions(
      TrainingJob trainingJob,
      TrainingJobStatus old,
      Optional<Job> job,
      TrainingJobStatus status,
      Instant now) {
    Conditions.find(old.conditions, IdleReclaimMarks.IDLE_DETECTED)
        .ifPresent(status.conditions::add);
    Conditions.find(old.conditions, IdleReclaimMarks.GPU_METRICS_AVAILABLE)
        .ifPresent(status.conditions::add);
    boolean marked = job.map(IdleReclaimMarks::isReclaimed).orElse(false);
    if (marked) {
      status.reclaimedFor = IdleReclaimMarks.reclaimedFor(job.get()).orElse(null);
      status.conditions.add(
          Conditions.of(
              old.conditions,
              IdleReclaimMarks.RECLAIMED,
              true,
              IdleReclaimMarks.IDLE_RECLAIMED,
              IdleReclaimMarks.message(job.get()),
              generation(trainingJob),
              now));
    } else if (Conditions.isTrue(old.conditions, IdleReclaimMarks.RECLAIMED)) {
      status.conditions.add(
          Conditions.of(
              old.conditions,
              IdleReclaimMarks.RECLAIMED,
              false,
              "Resumed",
              "resumed: the GPUs are free and no work waits for them",
              generation(trainingJob),
              now));
    } else {
      Conditions.find(old.conditions, IdleReclaimMarks.RECLAIMED).ifPresent(status.conditions::add);
    }
  }

  /** The status of a TrainingJob whose spec cannot be run; it fails without a Job. */
  public static TrainingJobStatus invalid(
      TrainingJob trainingJob, String reason, String message, Instant now) {
    TrainingJobStatus old = previous(trainingJob);
    TrainingJobStatus status =
        withConditions(
            trainingJob, old, new Verdict(TrainingJobPhase.Failed, reason, message), now);
    status.startTime = old.startTime;
    status.completionTime = old.completionTime;
    return status;
  }

  static Verdict verdict(TrainingJob trainingJob, ObservedChildren observed) {
    if (observed.job().isEmpty()) {
      return new Verdict(TrainingJobPhase.Pending, JOB_CREATING, "creating the Job");
    }
    Job job = observed.job().get();
    Optional<JobCondition> complete = trueJobCondition(job, "Complete");
    if (complete.isPresent()) {
      return new Verdict(TrainingJobPhase.Succeeded, SUCCEEDED, "all replicas succeeded");
    }
    Optional<JobCondition> failed = trueJobCondition(job, "Failed");
    if (failed.isPresent()) {
      return failedVerdict(failed.get(), PodFailures.last(observed.pods()));
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      if (IdleReclaimMarks.isReclaimed(job)
          && !Boolean.TRUE.equals(trainingJob.getSpec().suspend)) {
        return new Verdict(
            TrainingJobPhase.Suspended,
            IdleReclaimMarks.IDLE_RECLAIMED,
            IdleReclaimMarks.message(job));
      }
      return Boolean.TRUE.equals(trainingJob.getSpec().suspend)
          ? new Verdict(TrainingJobPhase.Suspended, SUSPENDED, "suspended by spec.suspend")
          : new Verdict(
              TrainingJobPhase.Pending,
              WAITING_FOR_ADMISSION,
              "the Job is suspended until a queue (e.g. Kueue) admits it");
    }
    List<Pod> live = observed.pods().stream().filter(p -> !isDeleting(p)).toList();
    Optional<PodCondition> unschedulable =
        live.stream()
            .filter(p -> "Pending".equals(phase(p)))
            .flatMap(p -> conditions(p).stream())
            .filter(c -> "PodScheduled".equals(c.getType()))
            .filter(c -> "False".equals(c.getStatus()) && UNSCHEDULABLE.equals(c.getReason()))
            .findFirst();
    if (unschedulable.isPresent()) {
      return new Verdict(TrainingJobPhase.Pending, UNSCHEDULABLE, unschedulable.get().getMessage());
    }
    if (live.stream().anyMatch(p -> "Running".equals(phase(p)))) {
      int replicas = TrainingJobResources.replicas(trainingJob);
      return new Verdict(TrainingJobPhase.Running, RUNNING, replicas + " replica(s) running");
    }
    return new Verdict(TrainingJobPhase.Pending, PODS_STARTING, "waiting for the pods to start");
  }

  private static TrainingJobStatus withConditions(
      TrainingJob trainingJob, TrainingJobStatus old, Verdict verdict, Instant now) {
    Long generation = generation(trainingJob);
    TrainingJobPhase phase = verdict.phase();
    List<Condition> previous = old.conditions;
    List<Condition> conditions = new ArrayList<>();
    boolean ready = phase == TrainingJobPhase.Running || phase == TrainingJobPhase.Succeeded;
    conditions.add(
        Conditions.of(
            previous, READY, ready, verdict.reason(), verdict.message(), generation, now));
    conditions.add(
        condition(previous, RUNNING_CONDITION, phase == TrainingJobPhase.Running, verdict, now));
    conditions.add(
        condition(
            previous, SUSPENDED_CONDITION, phase == TrainingJobPhase.Suspended, verdict, now));
    conditions.add(
        condition(previous, COMPLETE, phase == TrainingJobPhase.Succeeded, verdict, now));
    conditions.add(condition(previous, FAILED, phase == TrainingJobPhase.Failed, verdict, now));
    for (Condition c : conditions) {
      c.setObservedGeneration(generation);
    }
    TrainingJobStatus status = new TrainingJobStatus();
    status.observedGeneration = generation;
    status.phase = phase;
    status.conditions = conditions;
    return status;
  }

  /**
   * Every condition carries the verdict's reason: the True one says what is, the others why not.
   */
  private static Condition condition(
      List<Condition> previous, String type, boolean status, Verdict verdict, Instant now) {
    return Conditions.of(previous, type, status, verdict.reason(), verdict.message(), null, now);
  }

  /**
   * The Job's reason, or OOMKilled when the last failed container was killed for memory; the
   * message adds what the kubelet said about that container (exit code, termination message).
   */
  private static Verdict failedVerdict(
      JobCondition failed, Optional<PodFailures.Failure> lastFailure) {
    String reason = failureReason(failed);
    String message = failureMessage(failed);
    if (lastFailure.isPresent()) {
      if (lastFailure.get().oomKilled() && !DEADLINE_EXCEEDED.equals(reason)) {
        reason = PodFailures.OOM_KILLED;
      }
      message = message + "; last failure: " + lastFailure.get().describe();
    }
    return new Verdict(TrainingJobPhase.Failed, reason, message);
  }

  private static String failureReason(JobCondition failed) {
    String reason = failed.getReason();
    if (reason == null) {
      return JOB_FAILED;
    }
    return switch (reason) {
      case BACKOFF_LIMIT_EXCEEDED, DEADLINE_EXCEEDED -> reason;
      case "PodFailurePolicy" -> BAD_INPUT;
      default -> JOB_FAILED;
    };
  }

  private static String failureMessage(JobCondition failed) {
    return Objects.requireNonNullElse(failed.getMessage(), "the Job failed");
  }

  private static Optional<JobCondition> trueJobCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static ReplicaStatus replicas(JobStatus jobStatus) {
    ReplicaStatus replicas = new ReplicaStatus();
    replicas.active = zeroIfNull(jobStatus == null ? null : jobStatus.getActive());
    replicas.ready = zeroIfNull(jobStatus == null ? null : jobStatus.getReady());
    replicas.succeeded = zeroIfNull(jobStatus == null ? null : jobStatus.getSucceeded());
    replicas.failed = zeroIfNull(jobStatus == null ? null : jobStatus.getFailed());
    return replicas;
  }

  /** GPUs held: those of pods bound to a node that have not finished. */
  static int allocatedGpus(List<Pod> pods, String gpuResourceName) {
    int total = 0;
    for (Pod pod : pods) {
      boolean holding =
          pod.getSpec() != null
              && pod.getSpec().getNodeName() != null
              && ("Pending".equals(phase(pod)) || "Running".equals(phase(pod)));
      if (!holding) {
        continue;
      }
      for (Container container : pod.getSpec().getContainers()) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
          continue;
        }
        Quantity gpus = container.getResources().getLimits().get(gpuResourceName);
        if (gpus != null) {
          total += gpus.getNumericalAmount().intValue();
        }
      }
    }
    return total;
  }

  private static String startTime(Verdict verdict, ObservedChildren observed) {
    if (verdict.phase() != TrainingJobPhase.Running
        && verdict.phase() != TrainingJobPhase.Succeeded
        && verdict.phase() != TrainingJobPhase.Failed) {
      return null;
    }
    Optional<String> firstPod =
        observed.pods().stream()
            .map(p -> p.getStatus() == null ? null : p.getStatus().getStartTime())
            .filter(Objects::nonNull)
            .min(Comparator.comparing(Instant::parse));
    return firstPod.orElseGet(
        () -> observed.job().map(Job::getStatus).map(JobStatus::getStartTime).orElse(null));
  }

  private static String completionTime(Verdict verdict, Job job) {
    if (job == null || job.getStatus() == null) {
      return null;
    }
    if (verdict.phase() == TrainingJobPhase.Succeeded) {
      return job.getStatus().getCompletionTime();
    }
    if (verdict.phase() == TrainingJobPhase.Failed) {
      return trueJobCondition(job, "Failed").map(JobCondition::getLastTransitionTime).orElse(null);
    }
    return null;
  }

  private static TrainingJobStatus previous(TrainingJob trainingJob) {
    return trainingJob.getStatus() == null ? new TrainingJobStatus() : trainingJob.getStatus();
  }

  private static Long generation(TrainingJob trainingJob) {
    return trainingJob.getMetadata().getGeneration();
  }

  private static boolean isDeleting(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of()
        : pod.getStatus().getConditions();
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }
}
