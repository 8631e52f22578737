package dev.gantry.operator.batchprediction;

import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Failed;
import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Running;
import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.operator.batchprediction.RunSchedule.Decision;
import dev.gantry.operator.batchprediction.RunSchedule.Run;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T03:00:01Z");
  private static final Instant FIRING = Instant.parse("2026-11-22T03:00:00Z");
  private static final Instant NEXT = Instant.parse("2026-11-23T03:00:00Z");

  private static BatchPrediction parent() {
    BatchPrediction bp = BatchFixtures.batch(2);
    bp.getSpec().schedule = "0 3 * * *";
    return bp;
  }

  private static Run run(String day, BatchPredictionPhase phase, String completed) {
    Instant at = Instant.parse("2026-11-" + day + "T03:00:00Z");
    return new Run(ScheduledRuns.runName("nightly", at), at, phase, completed);
  }

  private static Decision decision(Optional<Instant> create, Optional<Instant> skip) {
    return new Decision(create, skip, false, Optional.of(NEXT), List.of());
  }

  private static Condition scheduled(BatchPredictionStatus s) {
    return Conditions.find(s.conditions, BatchPredictionReasons.SCHEDULED).orElseThrow();
  }

  @Test
  void aCreatedRunIsTheLastRunAndActive() {
    List<Run> runs = List.of(run("21", Succeeded, "2026-11-21T03:04:00Z"), run("22", null, null));

    BatchPredictionStatus s =
        ScheduleStatusCalculator.scheduled(
            parent(),
            decision(Optional.of(FIRING), Optional.empty()),
            false,
            runs,
            Optional.empty(),
            NOW);

    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Scheduled);
    assertThat(s.observedGeneration).isEqualTo(1L);
    assertThat(s.lastScheduleTime).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(s.nextScheduleTime).isEqualTo("2026-11-23T03:00:00Z");
    assertThat(s.active).containsExactly("nightly-202611220300");
    assertThat(s.lastRun).isEqualTo("nightly-202611220300");
    assertThat(s.lastRunPhase).isEqualTo(BatchPredictionPhase.Pending);
    assertThat(s.lastSuccessfulRun).isEqualTo("nightly-202611210300");
    assertThat(s.lastSuccessfulTime).isEqualTo("2026-11-21T03:04:00Z");
    assertThat(s.skippedRuns).isNull();
    assertThat(scheduled(s).getStatus()).isEqualTo("True");
    assertThat(scheduled(s).getReason()).isEqualTo("WaitingForFiring");
    assertThat(scheduled(s).getMessage())
        .isEqualTo(
            "next run at 2026-11-23T03:00:00Z; last run nightly-202611220300 is Pending;"
                + " active: nightly-202611220300");
  }

  @Test
  void aSkipIsCountedAndNoted() {
    BatchPrediction bp = parent();
    bp.setStatus(new BatchPredictionStatus());
    bp.getStatus().phase = BatchPredictionPhase.Scheduled;
    bp.getStatus().skippedRuns = 2;
    List<Run> runs = List.of(run("21", Running, null));

    BatchPredictionStatus s =
        ScheduleStatusCalculator.scheduled(
            bp,
            decision(Optional.empty(), Optional.of(FIRING)),
            false,
            runs,
            Optional.empty(),
            NOW);

    assertThat(s.skippedRuns).isEqualTo(3);
    assertThat(s.lastSkippedTime).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(s.lastScheduleTime).isEqualTo("2026-11-21T03:00:00Z");
    assertThat(scheduled(s).getMessage())
        .endsWith(
            "; 3 firings skipped while a run was active (concurrencyPolicy Forbid), the latest at"
                + " 2026-11-22T03:00:00Z");
  }

  @Test
  void aSecondCalculationOfTheSameStateIsTheSameStatus() {
    BatchPrediction bp = parent();
    List<Run> runs = List.of(run("21", Running, null));
    Decision none = decision(Optional.empty(), Optional.empty());
    bp.setStatus(ScheduleStatusCalculator.scheduled(bp, none, false, runs, Optional.empty(), NOW));

    BatchPredictionStatus again =
        ScheduleStatusCalculator.scheduled(
            bp, none, false, runs, Optional.empty(), NOW.plusSeconds(30));

    assertThat(dev.gantry.operator.common.StatusComparison.same(bp.getStatus(), again)).isTrue();
  }

  @Test
  void aRunDeletedByTheHistoryLimitStaysTheLastRun() {
    BatchPrediction bp = parent();
    bp.setStatus(new BatchPredictionStatus());
    bp.getStatus().phase = BatchPredictionPhase.Scheduled;
    bp.getStatus().lastScheduleTime = "2026-11-22T03:00:00Z";
    bp.getStatus().lastRun = "nightly-202611220300";
    bp.getStatus().lastRunPhase = Succeeded;
    bp.getStatus().lastSuccessfulRun = "nightly-202611220300";
    bp.getStatus().lastSuccessfulTime = "2026-11-22T03:05:00Z";
    List<Run> older = List.of(run("20", Succeeded, "2026-11-20T03:05:00Z"));

    BatchPredictionStatus s =
        ScheduleStatusCalculator.scheduled(
            bp, decision(Optional.empty(), Optional.empty()), false, older, Optional.empty(), NOW);

    assertThat(s.lastRun).isEqualTo("nightly-202611220300");
    assertThat(s.lastRunPhase).isEqualTo(Succeeded);
    assertThat(s.lastSuccessfulRun).isEqualTo("nightly-202611220300");
    assertThat(s.lastScheduleTime).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(s.active).isNull();
  }

  @Test
  void suspendedSaysSoAndSchedulesNothing() {
    BatchPredictionStatus s =
        ScheduleStatusCalculator.scheduled(
            parent(),
            new Decision(Optional.empty(), Optional.empty(), false, Optional.empty(), List.of()),
            true,
            List.of(run("21", Running, null)),
            Optional.empty(),
            NOW);

    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Suspended);
    assertThat(s.nextScheduleTime).isNull();
    assertThat(scheduled(s).getStatus()).isEqualTo("False");
    assertThat(scheduled(s).getReason()).isEqualTo("Suspended");
    assertThat(scheduled(s).getMessage())
        .isEqualTo("spec.suspend is true: no firing starts a run; active: nightly-202611210300");
  }

  @Test
  void anInvalidScheduleFailsWithItsReason() {
    BatchPrediction bp = parent();
    bp.getSpec().schedule = "61 * * * *";

    BatchPredictionStatus s =
        ScheduleStatusCalculator.invalid(bp, "minute out of range", List.of(), NOW);

    assertThat(s.phase).isEqualTo(Failed);
    assertThat(s.nextScheduleTime).isNull();
    assertThat(scheduled(s).getReason()).isEqualTo("InvalidSchedule");
    assertThat(scheduled(s).getMessage())
        .isEqualTo(
            "spec.schedule \"61 * * * *\" is not a valid cron expression: minute out of range; no"
                + " run starts until it is fixed");
  }

  @Test
  void aRefusedRunFailsUntilALaterFiringCreatesOne() {
    BatchPrediction bp = parent();
    Decision create = decision(Optional.of(FIRING), Optional.empty());
    BatchPredictionStatus refused =
        ScheduleStatusCalculator.scheduled(
            bp, create, false, List.of(), Optional.of("run x cannot be created: denied"), NOW);
    assertThat(refused.phase).isEqualTo(Failed);
    assertThat(refused.lastScheduleTime).isNull();
    assertThat(scheduled(refused).getReason()).isEqualTo("RunNotCreated");

    bp.setStatus(refused);
    BatchPredictionStatus later =
        ScheduleStatusCalculator.scheduled(
            bp,
            decision(Optional.empty(), Optional.empty()),
            false,
            List.of(),
            Optional.empty(),
            NOW);
    assertThat(later.phase).isEqualTo(Failed);
    assertThat(scheduled(later).getMessage()).isEqualTo("run x cannot be created: denied");

    BatchPredictionStatus created =
        ScheduleStatusCalculator.scheduled(
            bp, create, false, List.of(run("22", null, null)), Optional.empty(), NOW);
    assertThat(created.phase).isEqualTo(BatchPredictionPhase.Scheduled);
  }
}
