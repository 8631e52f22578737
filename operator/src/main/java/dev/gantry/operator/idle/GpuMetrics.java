package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Labels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The GPU metrics on the operator's /q/metrics, refreshed by each reclaimer pass. Per-job gauges
 * exist only while the job runs with GPUs: a finished or suspended job's series disappear instead
 * of freezing at their last value.
 */
public final class GpuMetrics {
  private final MeterRegistry registry;
  private final Map<Meter.Id, Held> values = new ConcurrentHashMap<>();

  private record Held(AtomicReference<Double> value, Gauge gauge) {}

  public GpuMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Replaces every gauge with this pass's values. */
  public void update(
      List<IdlePass.JobReport> running,
      List<TrainingJob> all,
      Map<String, Integer> pendingGpusByNamespace) {
    Set<Meter.Id> next = new HashSet<>();
    for (IdlePass.JobReport r : running) {
      TrainingJob tj = r.trainingJob();
      String queue =
          tj.getMetadata().getLabels() == null
              ? ""
              : tj.getMetadata().getLabels().getOrDefault(Labels.KUEUE_QUEUE, "");
      Tags tags =
          Tags.of(
              "namespace", tj.getMetadata().getNamespace(),
              "trainingjob", tj.getMetadata().getName(),
              "queue", queue);
      put(next, "gantry.gpu.allocated", tags, "GPUs held by a running TrainingJob", r.allocated());
      if (r.utilizationPercent() != null) {
        put(
            next,
            "gantry.gpu.utilization.ratio",
            tags,
            "Mean GPU utilization of a running TrainingJob over the last check (0-1)",
            r.utilizationPercent() / 100.0);
      }
      put(
          next,
          "gantry.gpu.idle.seconds",
          tags,
          "Seconds a running TrainingJob's GPUs have stayed below its idle threshold, unbroken",
          r.idleSeconds());
    }
    pendingGpusByNamespace.forEach(
        (ns, gpus) ->
            put(
                next,
                "gantry.pending.gpu.requests",
                Tags.of("namespace", ns),
                "GPUs asked for by pods the scheduler cannot place for lack of GPUs",
                gpus));
    for (TrainingJob tj : all) {
      if (tj.getStatus() != null
          && dev.gantry.operator.common.Conditions.isTrue(
              tj.getStatus().conditions, IdleReclaimMarks.RECLAIMED)) {
        put(
            next,
            "gantry.reclaimed.gpus",
            Tags.of(
                "namespace", tj.getMetadata().getNamespace(),
                "trainingjob", tj.getMetadata().getName(),
                "reclaimed_for",
                    tj.getStatus().reclaimedFor == null ? "" : tj.getStatus().reclaimedFor),
            "GPUs a reclaimed TrainingJob gave back, and the work they went to",
            IdlePass.requestedGpus(tj));
      }
    }
    // Counters start at 0 in every namespace with TrainingJobs, so the first reclaim shows as an
    // increase instead of a series appearing at its first value.
    all.stream()
        .map(tj -> tj.getMetadata().getNamespace())
        .distinct()
        .forEach(
            ns -> {
              for (IdleAction action : IdleAction.values()) {
                reclaimed(ns, action, 0);
              }
            });
    Map<String, Map<TrainingJobPhase, Integer>> phases = new HashMap<>();
    for (TrainingJob tj : all) {
      if (tj.getStatus() != null && tj.getStatus().phase != null) {
        phases
            .computeIfAbsent(tj.getMetadata().getNamespace(), k -> new HashMap<>())
            .merge(tj.getStatus().phase, 1, Integer::sum);
      }
    }
    phases.forEach(
        (ns, counts) ->
            counts.forEach(
                (phase, n) ->
                    put(
                        next,
                        "gantry.trainingjobs",
                        Tags.of("namespace", ns, "phase", phase.name()),
                        "TrainingJobs by phase",
                        n)));
    Set<Meter.Id> gone = new HashSet<>(values.keySet());
    gone.removeAll(next);
    for (Meter.Id id : gone) {
      registry.remove(values.remove(id).gauge());
    }
  }

  /** GPU-seconds of idleness that a reclaim ended (GPUs x idle time), by namespace and action. */
  public void reclaimed(String namespace, IdleAction action, double gpuSeconds) {
    Counter.builder("gantry.gpu.reclaimed.seconds")
        .description("Idle GPU-seconds ended by reclaims (GPUs x idle time at the reclaim)")
        .tags("namespace", namespace, "action", action.name())
        .register(registry)
        .increment(gpuSeconds);
  }

  private void put(Set<Meter.Id> next, String name, Tags tags, String help, double v) {
    Meter.Id key = new Meter.Id(name, tags, null, null, Meter.Type.GAUGE);
    Held held =
        values.computeIfAbsent(
            key,
            k -> {
              AtomicReference<Double> h = new AtomicReference<>(v);
              return new Held(
                  h,
                  Gauge.builder(name, h, AtomicReference::get)
                      .description(help)
                      .tags(tags)
                      .strongReference(true)
                      .register(registry));
            });
    held.value().set(v);
    next.add(key);
  }
}
