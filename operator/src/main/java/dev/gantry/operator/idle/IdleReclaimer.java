package dev.gantry.operator.idle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.api.v1alpha1.trainingjob.GpuStatus;
import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.idle.IdlePass.Action;
import dev.gantry.operator.idle.IdlePass.JobReport;
import dev.gantry.operator.idle.IdlePass.Tracked;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.operator.prometheus.PrometheusQueryException;
import dev.gantry.operator.trainingjob.TrainingJobStatusCalculator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every check interval: reads the cluster (TrainingJobs, their Jobs, pods, node GPU capacity) and
 * the GPUs' utilization from Prometheus, runs {@link IdlePass}, and carries out its result: status
 * of watched jobs, events, suspend/terminate/resume, metrics. One pass at a time; a pass that fails
 * is logged and the next one starts afresh, so one bad object never stops the loop.
 */
public final class IdleReclaimer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IdleReclaimer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final ReclaimSettings settings;
  private final Optional<PrometheusQueryClient> prometheus;
  private final GpuMetrics metrics;
  private final Clock clock;
  private final KueueReader kueue;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

  /** GPUs recently freed for a waiting work, so the next passes do not free them twice. */
  private final Map<String, Freed> recentlyFreed = new ConcurrentHashMap<>();

  private ScheduledExecutorService scheduler;

  private record Freed(int gpus, Instant until) {}

  public IdleReclaimer(
      KubernetesClient client,
      ReclaimSettings settings,
      Optional<PrometheusQueryClient> prometheus,
      GpuMetrics metrics,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.prometheus = prometheus;
    this.metrics = metrics;
    this.clock = clock;
    this.kueue = new KueueReader(client);
  }

  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gantry-idle-reclaimer");
              t.setDaemon(true);
              return t;
            });
    warnIfKueueInstalled();
    long ms = settings.checkInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::passSafely, ms, ms, TimeUnit.MILLISECONDS);
    LOG.infof("idle reclaimer checks every %s", settings.checkInterval());
  }

  /** Said once at start, so an admin knows how reclaims and Kueue meet. */
  private void warnIfKueueInstalled() {
    if (kueueInstalled()) {
      LOG.info(
          "Kueue is installed: Workloads waiting for GPU quota count as waiting work; a job Kueue"
              + " admitted is reclaimed by deactivating its Workload");
    }
  }

  boolean kueueInstalled() {
    return kueue.installed();
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void passSafely() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warnf(e, "idle reclaim pass failed; the next one retries: %s", e.getMessage());
    }
  }

  /** One pass; public so tests and tools can drive it. */
  public synchronized IdlePass.Result pass() {
    Instant now = clock.instant();
    List<TrainingJob> trainingJobs =
        client.resources(TrainingJob.class).inAnyNamespace().list().getItems();
    List<Job> jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(Labels.TRAINING_JOB)
            .list()
            .getItems();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<Node> nodes = client.nodes().list().getItems();
    recentlyFreed.values().removeIf(f -> !f.until().isAfter(now));
    Map<String, Integer> beingFreed = new HashMap<>();
    recentlyFreed.forEach((ref, f) -> beingFreed.put(ref, f.gpus()));
    KueueView queues = kueue.read(settings.gpuResourceName());

    IdlePass.Result result =
        IdlePass.run(
            new IdlePass.Input(
                trainingJobs,
                jobs,
                pods,
                nodes,
                readMetrics(),
                tracked,
                beingFreed,
                now,
                settings.window(),
                settings.checkInterval(),
                settings.gpuResourceName(),
                settings.defaultPolicy(),
                queues));

    for (JobReport report : result.reports()) {
      guarded(report.trainingJob(), () -> report(report));
    }
    for (Action action : result.reclaims()) {
      guarded(action.trainingJob(), () -> reclaim(action, now));
    }
    for (Job job : result.resumes()) {
      guarded(job, () -> resume(job, queues.workloadOf(job)));
    }
    finishTerminations(trainingJobs, jobs);
    metrics.update(
        result.reports(), trainingJobs, PendingGpuDemand.gpusByNamespace(result.waiting()));
    return result;
  }

  private MetricsReading readMetrics() {
    if (prometheus.isEmpty()) {
      return MetricsReading.unavailable(
          "PrometheusNotConfigured", "no GPU metrics source is configured (gantry.prometheus.url)");
    }
    try {
      String max =
          UtilizationQuery.render(
              settings.maxQuery(),
              settings.window(),
              settings.namespaceLabel(),
              settings.podLabel());
      String mean =
          UtilizationQuery.render(
              settings.meanQuery(),
              settings.window(),
              settings.namespaceLabel(),
              settings.podLabel());
      return MetricsReading.of(
          PodGpuSamples.of(
              prometheus.get().query(max), settings.namespaceLabel(), settings.podLabel()),
          PodGpuSamples.of(
              prometheus.get().query(mean), settings.namespaceLabel(), settings.podLabel()));
    } catch (PrometheusQueryException e) {
      String reason =
          switch (e.kind()) {
            case UNREACHABLE -> "PrometheusUnreachable";
            case TIMEOUT -> "PrometheusTimeout";
            default -> "PrometheusError";
          };
      LOG.warnf("GPU metrics unavailable: %s", e.getMessage());
      return MetricsReading.unavailable(reason, e.getMessage());
    }
  }

  /** Writes the reclaimer's part of a running job's status when it changed. */
  private void report(JobReport r) {
    TrainingJob tj = r.trainingJob();
    TrainingJobStatus status = tj.getStatus();
    GpuStatus gpu = status.gpu == null ? new GpuStatus() : status.gpu;
    List<Condition> conditions = new ArrayList<>(status.conditions);
    if (r.idleDetected() != null) {
      replace(conditions, r.idleDetected());
    }
    replace(conditions, r.metricsAvailable());
    boolean changed =
        !java.util.Objects.equals(gpu.utilizationPercent, r.utilizationPercent())
            || !java.util.Objects.equals(gpu.idleSeconds, r.idleSeconds())
            || !java.util.Objects.equals(gpu.gpuSeconds, r.gpuSeconds())
            || !conditions.equals(status.conditions);
    if (r.newlyIdle()) {
      String message =
          r.action() == IdleAction.Notify
              ? ReclaimMessages.notified(r.idleDetected().getMessage())
              : r.idleDetected().getMessage();
      events().warning(tj, "IdleDetected", message);
      if (r.action() == IdleAction.Notify) {
        metrics.reclaimed(
            tj.getMetadata().getNamespace(), IdleAction.Notify, r.allocated() * r.idleSeconds());
      }
    }
    if (!changed) {
      return;
    }
    gpu.utilizationPercent = r.utilizationPercent();
    gpu.idleSeconds = r.idleSeconds();
    gpu.gpuSeconds = r.gpuSeconds();
    status.gpu = gpu;
    status.conditions = conditions;
    updateStatus(tj);
  }

  private void reclaim(Action action, Instant now) {
    Optional<KueueWorkload> admitted = action.admitted();
    TrainingJob tj = action.trainingJob();
    IdleCandidate victim = action.reclaim().victim();
    String forRef = action.reclaim().forWork().map(WaitingWork::ref).orElse("");
    String ns = tj.getMetadata().getNamespace();
    String name = tj.getMetadata().getName();
    if (victim.action() == IdleAction.Terminate) {
      TrainingJob fresh = client.resources(TrainingJob.class).inNamespace(ns).withName(name).get();
      if (fresh == null) {
        return;
      }
      fresh.setStatus(terminatedStatus(fresh, action, forRef, now));
      if (!updateStatus(fresh)) {
        return; // changed meanwhile: the next pass decides again
      }
      deleteJob(ns, name);
    } else {
      // Kueue would unsuspend a Job whose Workload is admitted: it is told to let go instead, and
      // suspends the Job itself.
      admitted.ifPresent(w -> kueue.setActive(w, false));
      ObjectNode annotations = JSON.createObjectNode();
      annotations.put(IdleReclaimMarks.RECLAIMED_FOR, forRef);
      annotations.put(IdleReclaimMarks.RECLAIMED_MESSAGE, action.message());
      ObjectNode patch = JSON.createObjectNode();
      patch.putObject("metadata").set("annotations", annotations);
      if (admitted.isEmpty()) {
        patch.putObject("spec").put("suspend", true);
      }
      mergePatchJob(ns, name, patch);
    }
    LOG.infof("reclaimed %s/%s: %s", ns, name, action.message());
    events().warning(tj, IdleReclaimMarks.IDLE_RECLAIMED, action.message());
    metrics.reclaimed(ns, victim.action(), (double) victim.gpus() * victim.idleSeconds());
    action
        .reclaim()
        .forWork()
        .ifPresent(
            w ->
                recentlyFreed.merge(
                    w.ref(),
                    new Freed(victim.gpus(), now.plus(cooldown(tj))),
                    (a, b) -> new Freed(a.gpus() + b.gpus(), b.until())));
  }

  /**
   * Long enough for the victim's pods to end (grace period) and the scheduler to place the work.
   */
  private Duration cooldown(TrainingJob tj) {
    Duration grace =
        EffectivePolicy.of(tj.getSpec().idlePolicy, settings.defaultPolicy())
            .map(EffectivePolicy::gracePeriod)
            .orElse(Duration.ZERO);
    return grace.plus(settings.checkInterval().multipliedBy(2));
  }

  private TrainingJobStatus terminatedStatus(
      TrainingJob tj, Action action, String forRef, Instant now) {
    TrainingJobStatus old = tj.getStatus();
    TrainingJobStatus status =
        TrainingJobStatusCalculator.invalid(
            tj, IdleReclaimMarks.IDLE_RECLAIMED, action.message(), now);
    for (String kept :
        List.of(IdleReclaimMarks.IDLE_DETECTED, IdleReclaimMarks.GPU_METRICS_AVAILABLE)) {
      Conditions.find(old.conditions, kept).ifPresent(status.conditions::add);
    }
    status.conditions.add(
        Conditions.of(
            old.conditions,
            IdleReclaimMarks.RECLAIMED,
            true,
            IdleReclaimMarks.IDLE_RECLAIMED,
            action.message(),
            tj.getMetadata().getGeneration(),
            now));
    status.gpu = old.gpu;
    if (status.gpu != null) {
      status.gpu.allocated = 0;
      status.gpu.utilizationPercent = null;
      status.gpu.idleSeconds = null;
    }
    status.replicas = old.replicas;
    status.startTime = old.startTime;
    status.completionTime = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    status.reclaimedFor = forRef.isEmpty() ? null : forRef;
    status.modelVersion = old.modelVersion;
    return status;
  }

  /**
   * Removes the reclaim marks; the TrainingJob reconciler then resumes the Job, or, for a Kueue
   * job, its reactivated Workload queues again and Kueue resumes it when it is admitted.
   */
  private void resume(Job job, Optional<KueueWorkload> workload) {
    String ns = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    ObjectNode annotations = JSON.createObjectNode();
    annotations.putNull(IdleReclaimMarks.RECLAIMED_FOR);
    annotations.putNull(IdleReclaimMarks.RECLAIMED_MESSAGE);
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").set("annotations", annotations);
    mergePatchJob(ns, name, patch);
    workload.filter(w -> !w.active()).ifPresent(w -> kueue.setActive(w, true));
    LOG.infof("resuming %s/%s: GPUs are free and nothing waits", ns, name);
    TrainingJob tj = client.resources(TrainingJob.class).inNamespace(ns).withName(name).get();
    if (tj != null) {
      events().normal(tj, "Resumed", "GPUs are free and no work waits for them; resuming");
    }
  }

  /** A JSON merge patch: only the named fields change, whatever else the Job controller wrote. */
  private void mergePatchJob(String ns, String name, ObjectNode patch) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }

  /** A Terminate whose Job delete failed (or was interrupted by a restart) is finished here. */
  private void finishTerminations(List<TrainingJob> trainingJobs, List<Job> jobs) {
    for (TrainingJob tj : trainingJobs) {
      if (!IdleReclaimMarks.terminated(tj)) {
        continue;
      }
      String ns = tj.getMetadata().getNamespace();
      String name = tj.getMetadata().getName();
      boolean jobLeft =
          jobs.stream()
              .anyMatch(
                  j ->
                      ns.equals(j.getMetadata().getNamespace())
                          && name.equals(j.getMetadata().getName())
                          && j.getMetadata().getDeletionTimestamp() == null);
      if (jobLeft) {
        guarded(tj, () -> deleteJob(ns, name));
      }
    }
  }

  private void deleteJob(String ns, String name) {
    // Background: the Job goes at once, its pods get SIGTERM and their grace period.
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withName(name)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  /** PUT with the read resourceVersion: a conflict means someone wrote meanwhile; skip. */
  private boolean updateStatus(TrainingJob tj) {
    try {
      client.resource(tj).updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        LOG.debugf("status of %s changed meanwhile; next pass", tj.getMetadata().getName());
        return false;
      }
      throw e;
    }
  }

  private void guarded(io.fabric8.kubernetes.api.model.HasMetadata about, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warnf(
          "idle reclaim of %s/%s: %s; retried next pass",
          about.getMetadata().getNamespace(), about.getMetadata().getName(), e.getMessage());
    }
  }

  private static void replace(List<Condition> conditions, Condition c) {
    for (int i = 0; i < conditions.size(); i++) {
      if (c.getType().equals(conditions.get(i).getType())) {
        conditions.set(i, c);
        return;
      }
    }
    conditions.add(c);
  }

  private EventRecorder events() {
    return new EventRecorder(client, clock);
  }
}
