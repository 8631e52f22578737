package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.batchprediction.BatchPredictionReasons.INVALID_SCHEDULE;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.RUN_NOT_CREATED;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.SCHEDULED;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.SUSPENDED;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.WAITING_FOR_FIRING;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The status of a scheduled BatchPrediction from its decision and its runs: phase {@code
 * Scheduled}, {@code Suspended} or {@code Failed} (an invalid schedule, a run the API server
 * refused), the {@code Scheduled} condition, the last and next firing, the active runs, the latest
 * and the latest successful run, and the skipped firings. Its times change only at firings and its
 * run fields only when a run changes phase, so a reconcile in between writes nothing. Pure.
 */
public final class ScheduleStatusCalculator {
  private ScheduleStatusCalculator() {}

  /**
   * @param decision what {@link RunSchedule} decided
   * @param runs the runs observed, plus the one just created
   * @param runError why the decided run could not be created, if it could not
   */
  public static BatchPredictionStatus scheduled(
      BatchPrediction bp,
      RunSchedule.Decision decision,
      boolean suspended,
      List<RunSchedule.Run> runs,
      Optional<String> runError,
      Instant now) {
    BatchPredictionStatus prev = bp.getStatus();
    BatchPredictionStatus s = runs(bp, runs);
    s.nextScheduleTime = decision.next().map(Instant::toString).orElse(null);
    int skipped = (prev == null || prev.skippedRuns == null ? 0 : prev.skippedRuns);
    if (decision.skip().isPresent()) {
      skipped++;
      s.lastSkippedTime = decision.skip().get().toString();
    } else {
      s.lastSkippedTime = prev == null ? null : prev.lastSkippedTime;
    }
    s.skippedRuns = skipped == 0 ? null : skipped;

    Optional<Condition> notCreated =
        Conditions.find(prev == null ? null : prev.conditions, SCHEDULED)
            .filter(c -> RUN_NOT_CREATED.equals(c.getReason()));
    Condition condition;
    if (runError.isPresent()) {
      s.phase = BatchPredictionPhase.Failed;
      condition = condition(bp, false, RUN_NOT_CREATED, runError.get(), now);
    } else if (notCreated.isPresent() && decision.create().isEmpty()) {
      // The refusal stays visible until a later firing creates its run.
      s.phase = BatchPredictionPhase.Failed;
      condition = condition(bp, false, RUN_NOT_CREATED, notCreated.get().getMessage(), now);
    } else if (suspended) {
      s.phase = BatchPredictionPhase.Suspended;
      condition =
          condition(
              bp,
              false,
              SUSPENDED,
              "spec.suspend is true: no firing starts a run" + activeNote(s),
              now);
    } else {
      s.phase = BatchPredictionPhase.Scheduled;
      condition = condition(bp, true, WAITING_FOR_FIRING, waitingMessage(s), now);
    }
    s.conditions = List.of(condition);
    return s;
  }

  /** A schedule the operator cannot evaluate: nothing runs until the spec is fixed. */
  public static BatchPredictionStatus invalid(
      BatchPrediction bp, String problem, List<RunSchedule.Run> runs, Instant now) {
    BatchPredictionStatus prev = bp.getStatus();
    BatchPredictionStatus s = runs(bp, runs);
    s.skippedRuns = prev == null ? null : prev.skippedRuns;
    s.lastSkippedTime = prev == null ? null : prev.lastSkippedTime;
    s.phase = BatchPredictionPhase.Failed;
    s.conditions =
        List.of(
            condition(
                bp,
                false,
                INVALID_SCHEDULE,
                "spec.schedule \""
                    + bp.getSpec().schedule
                    + "\" is not a valid cron expression: "
                    + problem
                    + "; no run starts until it is fixed",
                now));
    return s;
  }

  /** The fields that come from the runs: last schedule, active, last and last successful run. */
  private static BatchPredictionStatus runs(BatchPrediction bp, List<RunSchedule.Run> runs) {
    BatchPredictionStatus prev = bp.getStatus();
    BatchPredictionStatus s = new BatchPredictionStatus();
    s.observedGeneration = bp.getMetadata().getGeneration();
    Optional<RunSchedule.Run> newest = runs.stream().max(RunSchedule.Run.BY_FIRING);
    Optional<Instant> lastBefore =
        prev == null ? Optional.empty() : RunSchedule.time(prev.lastScheduleTime);
    s.lastScheduleTime =
        Stream.concat(lastBefore.stream(), newest.map(RunSchedule.Run::scheduledAt).stream())
            .max(Comparator.naturalOrder())
            .map(Instant::toString)
            .orElse(null);
    List<String> active =
        runs.stream()
            .filter(r -> !r.finished())
            .sorted(RunSchedule.Run.BY_FIRING)
            .map(RunSchedule.Run::name)
            .toList();
    s.active = active.isEmpty() ? null : active;
    boolean newestIsLatest =
        newest.isPresent()
            && (lastBefore.isEmpty() || !newest.get().scheduledAt().isBefore(lastBefore.get()));
    if (newestIsLatest || prev == null || prev.lastRun == null) {
      s.lastRun = newest.map(RunSchedule.Run::name).orElse(null);
      s.lastRunPhase = newest.map(ScheduleStatusCalculator::phase).orElse(null);
    } else {
      // The latest run is gone (deleted by the history limit or by hand): keep what it was.
      s.lastRun = prev.lastRun;
      s.lastRunPhase = prev.lastRunPhase;
    }
    Optional<RunSchedule.Run> succeeded =
        runs.stream()
            .filter(r -> r.phase() == BatchPredictionPhase.Succeeded)
            .max(RunSchedule.Run.BY_FIRING);
    Optional<Instant> prevSuccess =
        prev == null ? Optional.empty() : RunSchedule.time(prev.lastSuccessfulTime);
    if (succeeded.isPresent()
        && (prevSuccess.isEmpty()
            || RunSchedule.time(succeeded.get().completionTime())
                .map(t -> !t.isBefore(prevSuccess.get()))
                .orElse(true))) {
      s.lastSuccessfulRun = succeeded.get().name();
      s.lastSuccessfulTime = succeeded.get().completionTime();
    } else if (prev != null) {
      s.lastSuccessfulRun = prev.lastSuccessfulRun;
      s.lastSuccessfulTime = prev.lastSuccessfulTime;
    }
    return s;
  }

  private static BatchPredictionPhase phase(RunSchedule.Run run) {
    return run.phase() == null ? BatchPredictionPhase.Pending : run.phase();
  }

  private static String waitingMessage(BatchPredictionStatus s) {
    StringBuilder m = new StringBuilder();
    m.append(
        s.nextScheduleTime == null
            ? "the schedule has no firing ahead"
            : "next run at " + s.nextScheduleTime);
    if (s.lastRun != null) {
      m.append("; last run ").append(s.lastRun).append(" is ").append(s.lastRunPhase);
    }
    m.append(activeNote(s));
    if (s.skippedRuns != null) {
      m.append("; ")
          .append(s.skippedRuns)
          .append(s.skippedRuns == 1 ? " firing" : " firings")
          .append(" skipped while a run was active (concurrencyPolicy Forbid), the latest at ")
          .append(s.lastSkippedTime);
    }
    return m.toString();
  }

  private static String activeNote(BatchPredictionStatus s) {
    if (s.active == null) {
      return "";
    }
    return "; active: " + String.join(", ", s.active);
  }

  private static Condition condition(
      BatchPrediction bp, boolean status, String reason, String message, Instant now) {
    return Conditions.of(
        bp.getStatus() == null ? null : bp.getStatus().conditions,
        SCHEDULED,
        status,
        reason,
        message,
        bp.getMetadata().getGeneration(),
        now);
  }
}
