package dev.gantry.operator.batchprediction;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.CronSchedule;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StatusComparison;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The scheduled side of the BatchPrediction reconciler: a BatchPrediction with {@code
 * spec.schedule} runs nothing itself; at each firing it creates a run (a child BatchPrediction,
 * {@link ScheduledRuns}), deletes finished runs beyond its history limits, writes its status and
 * wakes up for the next firing. Its runs are watched (label {@value Labels#BATCH_SCHEDULE}), so a
 * run's progress updates the parent. What to do comes from {@link RunSchedule} and the status from
 * {@link ScheduleStatusCalculator}; this class only acts on them.
 */
final class BatchSchedules {
  static final String RUNS = "BatchRuns";
  private static final Logger LOG = Logger.getLogger(BatchSchedules.class);

  private final Clock clock;

  BatchSchedules(Clock clock) {
    this.clock = clock;
  }

  /** The runs of every schedule, each mapped to its parent by its label. */
  static InformerEventSource<BatchPrediction, BatchPrediction> runsInformer(
      EventSourceContext<BatchPrediction> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(BatchPrediction.class, BatchPrediction.class)
            .withName(RUNS)
            .withLabelSelector(Labels.BATCH_SCHEDULE)
            .withSecondaryToPrimaryMapper(
                run ->
                    Set.of(
                        new ResourceID(
                            run.getMetadata().getLabels().get(Labels.BATCH_SCHEDULE),
                            run.getMetadata().getNamespace())))
            .build(),
        context);
  }

  static boolean scheduled(BatchPrediction bp) {
    return bp.getSpec() != null && bp.getSpec().schedule != null;
  }

  UpdateControl<BatchPrediction> reconcile(BatchPrediction bp, Context<BatchPrediction> context) {
    Instant now = clock.instant();
    InformerEventSource<BatchPrediction, BatchPrediction> cache = runs(context);
    List<RunSchedule.Run> runs = ScheduledRuns.runsOf(bp, cache.getSecondaryResources(bp));
    RunSchedule.Settings settings = RunSchedule.Settings.of(bp.getSpec());
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(bp.getSpec().schedule);
    } catch (IllegalArgumentException e) {
      delete(context, bp, RunSchedule.prune(runs, settings));
      // No wake-up: only an edit of the schedule can mend it, and that is an event.
      return write(bp, ScheduleStatusCalculator.invalid(bp, e.getMessage(), runs, now), context);
    }
    RunSchedule.Decision decision =
        RunSchedule.decide(
            cron,
            settings,
            Instant.parse(bp.getMetadata().getCreationTimestamp()),
            RunSchedule.Previous.of(bp.getStatus()),
            runs,
            now);
    List<RunSchedule.Run> seen = new ArrayList<>(runs);
    Optional<String> runError = Optional.empty();
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    if (decision.create().isPresent()) {
      Instant firing = decision.create().get();
      BatchPrediction run = ScheduledRuns.run(bp, firing);
      try {
        context.resourceOperations().create(run, cache);
        seen.add(new RunSchedule.Run(run.getMetadata().getName(), firing, null, null));
        String message =
            "created run "
                + run.getMetadata().getName()
                + " for the firing at "
                + firing
                + (decision.missedEarlier()
                    ? "; earlier firings were missed and are not run (only the latest is)"
                    : "");
        LOG.info(message);
        events.normal(bp, BatchPredictionReasons.RUN_CREATED, message);
      } catch (KubernetesClientException e) {
        runError = refused(context, bp, run, firing, e, seen);
      }
    }
    if (decision.skip().isPresent()) {
      String message =
          "skipped the firing at "
              + decision.skip().get()
              + ": "
              + String.join(
                  ", ",
                  runs.stream().filter(r -> !r.finished()).map(RunSchedule.Run::name).toList())
              + " still active (concurrencyPolicy Forbid)";
      LOG.info(message);
      events.normal(bp, BatchPredictionReasons.RUN_SKIPPED, message);
    }
    delete(context, bp, decision.delete());
    BatchPredictionStatus status =
        ScheduleStatusCalculator.scheduled(bp, decision, settings.suspended(), seen, runError, now);
    UpdateControl<BatchPrediction> update = write(bp, status, context);
    return decision.wakeAfter(now).map(update::rescheduleAfter).orElse(update);
  }

  /**
   * A create the API server refused. 409: the run exists (the cache lags behind an earlier create
   * of a restarted operator), fine if it is this schedule's; else the refusal, for status. Other
   * errors are thrown, so the reconcile is retried.
   */
  private static Optional<String> refused(
      Context<BatchPrediction> context,
      BatchPrediction bp,
      BatchPrediction run,
      Instant firing,
      KubernetesClientException e,
      List<RunSchedule.Run> seen) {
    String name = run.getMetadata().getName();
    if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
      BatchPrediction existing =
          context
              .getClient()
              .resources(BatchPrediction.class)
              .inNamespace(bp.getMetadata().getNamespace())
              .withName(name)
              .get();
      List<RunSchedule.Run> found =
          existing == null ? List.of() : ScheduledRuns.runsOf(bp, List.of(existing));
      if (!found.isEmpty()) {
        seen.addAll(found);
        return Optional.empty();
      }
      return Optional.of(
          "run "
              + name
              + " for the firing at "
              + firing
              + " cannot be created: a BatchPrediction of that name exists and is not a run of"
              + " this schedule");
    }
    if (e.getCode() == 422 || e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
      return Optional.of(
          "run "
              + name
              + " for the firing at "
              + firing
              + " cannot be created: "
              + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
    }
    throw e;
  }

  /** Deletes finished runs beyond the history limits; one that cannot be is tried next time. */
  private static void delete(
      Context<BatchPrediction> context, BatchPrediction bp, List<RunSchedule.Run> runs) {
    for (RunSchedule.Run run : runs) {
      try {
        context
            .getClient()
            .resources(BatchPrediction.class)
            .inNamespace(bp.getMetadata().getNamespace())
            .withName(run.name())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
        LOG.infof("deleted run %s (%s, beyond the history limit)", run.name(), run.phase());
      } catch (KubernetesClientException e) {
        LOG.warnf("cannot delete run %s: %s", run.name(), e.getMessage());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<BatchPrediction, BatchPrediction> runs(
      Context<BatchPrediction> context) {
    return (InformerEventSource<BatchPrediction, BatchPrediction>)
        context.eventSourceRetriever().getEventSourceFor(BatchPrediction.class, RUNS);
  }

  private UpdateControl<BatchPrediction> write(
      BatchPrediction bp, BatchPredictionStatus status, Context<BatchPrediction> context) {
    BatchPredictionStatus old = bp.getStatus();
    if (old != null && StatusComparison.same(old, status)) {
      return UpdateControl.noUpdate();
    }
    if (status.phase == BatchPredictionPhase.Failed
        && (old == null || old.phase != BatchPredictionPhase.Failed)) {
      Conditions.find(status.conditions, BatchPredictionReasons.SCHEDULED)
          .ifPresent(
              c -> {
                LOG.warnf("%s: %s", c.getReason(), c.getMessage());
                new EventRecorder(context.getClient(), clock)
                    .warning(bp, c.getReason(), c.getMessage());
              });
    } else if (old == null || !Objects.equals(old.phase, status.phase)) {
      LOG.infof("phase %s -> %s", old == null ? null : old.phase, status.phase);
    }
    BatchPrediction patch = new BatchPrediction();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(bp.getMetadata().getName())
            .withNamespace(bp.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }
}
