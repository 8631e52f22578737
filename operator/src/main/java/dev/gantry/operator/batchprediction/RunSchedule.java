package dev.gantry.operator.batchprediction;

import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.batchprediction.ConcurrencyPolicy;
import dev.gantry.operator.common.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a scheduled BatchPrediction should do now, from its cron, its previous status and its runs:
 * which firing to run (at most one: only the latest missed firing, so downtime brings no burst of
 * runs), which firing to skip (a run still active under {@code Forbid}), which finished runs to
 * delete (beyond the history limits, oldest first) and when to wake up. Pure.
 */
public final class RunSchedule {
  static final int DEFAULT_SUCCESSFUL_HISTORY = 3;
  static final int DEFAULT_FAILED_HISTORY = 1;

  /** Waking this long after a firing makes sure the clock has passed it. */
  static final Duration WAKE_MARGIN = Duration.ofSeconds(1);

  private RunSchedule() {}

  /**
   * A run of the schedule as observed.
   *
   * @param name the child BatchPrediction
   * @param scheduledAt the firing it runs
   * @param phase its phase, null before its first status
   * @param completionTime when it Succeeded or Failed (RFC 3339), else null
   */
  public record Run(
      String name, Instant scheduledAt, BatchPredictionPhase phase, String completionTime) {
    public static final Comparator<Run> BY_FIRING =
        Comparator.comparing(Run::scheduledAt).thenComparing(Run::name);

    public boolean finished() {
      return phase == BatchPredictionPhase.Succeeded || phase == BatchPredictionPhase.Failed;
    }
  }

  /** The schedule's settings from the spec, with the operator's defaults. */
  public record Settings(
      boolean suspended, ConcurrencyPolicy policy, int keepSucceeded, int keepFailed) {
    public static Settings of(BatchPredictionSpec spec) {
      return new Settings(
          Boolean.TRUE.equals(spec.suspend),
          spec.concurrencyPolicy == null ? ConcurrencyPolicy.Forbid : spec.concurrencyPolicy,
          spec.successfulRunsHistoryLimit == null
              ? DEFAULT_SUCCESSFUL_HISTORY
              : spec.successfulRunsHistoryLimit,
          spec.failedRunsHistoryLimit == null
              ? DEFAULT_FAILED_HISTORY
              : spec.failedRunsHistoryLimit);
    }
  }

  /**
   * What the previous status said.
   *
   * @param observed whether there was a status at all (not on the first reconcile)
   * @param lastScheduleTime the firing of the latest run created
   * @param nextScheduleTime the next firing it expected; empty when it scheduled nothing
   *     (suspended, an invalid schedule)
   */
  public record Previous(
      boolean observed, Optional<Instant> lastScheduleTime, Optional<Instant> nextScheduleTime) {
    public static Previous of(BatchPredictionStatus status) {
      if (status == null || status.phase == null) {
        return new Previous(false, Optional.empty(), Optional.empty());
      }
      return new Previous(true, time(status.lastScheduleTime), time(status.nextScheduleTime));
    }
  }

  /**
   * @param create the firing to create a run for
   * @param skip the firing skipped because a run is still active (concurrencyPolicy Forbid)
   * @param missedEarlier whether firings before {@code create} or {@code skip} were missed too (not
   *     run: only the latest is)
   * @param next the next firing; empty while suspended or when the cron has none ahead
   * @param delete finished runs beyond the history limits, oldest first
   */
  public record Decision(
      Optional<Instant> create,
      Optional<Instant> skip,
      boolean missedEarlier,
      Optional<Instant> next,
      List<Run> delete) {
    /** How long until the next firing has passed; empty when nothing is scheduled. */
    public Optional<Duration> wakeAfter(Instant now) {
      return next.map(n -> Duration.between(now, n).plus(WAKE_MARGIN));
    }
  }

  /**
   * The decision at {@code now}. A firing runs when it is the latest at or before now, lies after
   * the object's creation and every run it has (so a restarted operator that finds the run of a
   * firing creates no second one), and the previous status expected it: not before that status's
   * next firing, so a firing of an edited schedule that lies in the past does not run, and not
   * after a status that scheduled nothing, so the firings that passed while suspended do not run on
   * resume.
   */
  public static Decision decide(
      CronSchedule cron,
      Settings settings,
      Instant created,
      Previous previous,
      List<Run> runs,
      Instant now) {
    List<Run> delete = prune(runs, settings);
    if (settings.suspended()) {
      return new Decision(Optional.empty(), Optional.empty(), false, Optional.empty(), delete);
    }
    Instant baseline =
        Stream.concat(
                Stream.of(created),
                Stream.concat(
                    previous.lastScheduleTime().stream(), runs.stream().map(Run::scheduledAt)))
            .max(Instant::compareTo)
            .orElse(created);
    Optional<Instant> due = expected(cron.lastAtOrBefore(now), baseline, previous);
    Optional<Instant> next = cron.nextAfter(now);
    if (due.isEmpty()) {
      return new Decision(Optional.empty(), Optional.empty(), false, next, delete);
    }
    boolean missedEarlier =
        expected(cron.lastAtOrBefore(due.get().minusMillis(1)), baseline, previous).isPresent();
    boolean active = runs.stream().anyMatch(r -> !r.finished());
    if (active && settings.policy() == ConcurrencyPolicy.Forbid) {
      return new Decision(Optional.empty(), due, missedEarlier, next, delete);
    }
    return new Decision(due, Optional.empty(), missedEarlier, next, delete);
  }

  private static Optional<Instant> expected(
      Optional<Instant> firing, Instant baseline, Previous previous) {
    return firing
        .filter(f -> f.isAfter(baseline))
        .filter(
            f ->
                !previous.observed()
                    || previous.nextScheduleTime().map(n -> !f.isBefore(n)).orElse(false));
  }

  /**
   * Finished runs beyond the history limits: of the succeeded and of the failed runs, all but the
   * newest {@code keepSucceeded} and {@code keepFailed} by firing time, oldest first. Active runs
   * are never deleted.
   */
  static List<Run> prune(List<Run> runs, Settings settings) {
    List<Run> delete = new ArrayList<>();
    delete.addAll(beyond(runs, BatchPredictionPhase.Succeeded, settings.keepSucceeded()));
    delete.addAll(beyond(runs, BatchPredictionPhase.Failed, settings.keepFailed()));
    delete.sort(Run.BY_FIRING);
    return List.copyOf(delete);
  }

  private static List<Run> beyond(List<Run> runs, BatchPredictionPhase phase, int keep) {
    List<Run> newestFirst =
        runs.stream().filter(r -> r.phase() == phase).sorted(Run.BY_FIRING.reversed()).toList();
    return newestFirst.subList(Math.min(Math.max(keep, 0), newestFirst.size()), newestFirst.size());
  }

  static Optional<Instant> time(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
