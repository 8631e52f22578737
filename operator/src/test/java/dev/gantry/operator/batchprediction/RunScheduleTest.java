package dev.gantry.operator.batchprediction;

import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Failed;
import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Running;
import static dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase.Succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.ConcurrencyPolicy;
import dev.gantry.operator.batchprediction.RunSchedule.Decision;
import dev.gantry.operator.batchprediction.RunSchedule.Previous;
import dev.gantry.operator.batchprediction.RunSchedule.Run;
import dev.gantry.operator.batchprediction.RunSchedule.Settings;
import dev.gantry.operator.common.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunScheduleTest {
  private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *");
  private static final CronSchedule NIGHTLY = CronSchedule.parse("0 3 * * *");
  private static final Settings DEFAULTS = new Settings(false, ConcurrencyPolicy.Forbid, 3, 1);
  private static final Instant CREATED = t("2026-11-20T10:00:30Z");

  private static Instant t(String text) {
    return Instant.parse(text);
  }

  private static Previous expecting(String last, String next) {
    return new Previous(
        true,
        Optional.ofNullable(last).map(Instant::parse),
        Optional.ofNullable(next).map(Instant::parse));
  }

  private static final Previous NONE = new Previous(false, Optional.empty(), Optional.empty());

  private static Run run(String at, BatchPredictionPhase phase) {
    Instant firing = t(at);
    return new Run(
        ScheduledRuns.runName("nightly", firing), firing, phase, phase == null ? null : at);
  }

  private static Decision decide(
      CronSchedule cron, Settings settings, Previous previous, List<Run> runs, String now) {
    return RunSchedule.decide(cron, settings, CREATED, previous, runs, t(now));
  }

  @Test
  void theFirstFiringAfterCreationCreatesOneRunAndWakesForTheNext() {
    Decision d = decide(EVERY_MINUTE, DEFAULTS, NONE, List.of(), "2026-11-20T10:01:00.200Z");

    assertThat(d.create()).contains(t("2026-11-20T10:01:00Z"));
    assertThat(d.skip()).isEmpty();
    assertThat(d.missedEarlier()).isFalse();
    assertThat(d.next()).contains(t("2026-11-20T10:02:00Z"));
    assertThat(d.wakeAfter(t("2026-11-20T10:01:00.200Z")))
        .contains(Duration.ofMillis(59_800).plusSeconds(1));
  }

  @Test
  void aFiringBeforeCreationDoesNotRun() {
    Decision d = decide(NIGHTLY, DEFAULTS, NONE, List.of(), "2026-11-20T10:00:31Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.next()).contains(t("2026-11-21T03:00:00Z"));
  }

  @Test
  void afterDowntimeOnlyTheLatestMissedFiringRuns() {
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");
    List<Run> runs = List.of(run("2026-11-20T10:01:00Z", Succeeded));

    Decision d = decide(EVERY_MINUTE, DEFAULTS, before, runs, "2026-11-20T10:07:10Z");

    assertThat(d.create()).contains(t("2026-11-20T10:07:00Z"));
    assertThat(d.missedEarlier()).isTrue();
    assertThat(d.next()).contains(t("2026-11-20T10:08:00Z"));
  }

  @Test
  void forbidSkipsAFiringWhileARunIsActive() {
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");
    List<Run> runs = List.of(run("2026-11-20T10:01:00Z", Running));

    Decision d = decide(EVERY_MINUTE, DEFAULTS, before, runs, "2026-11-20T10:02:00.5Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.skip()).contains(t("2026-11-20T10:02:00Z"));
    assertThat(d.next()).contains(t("2026-11-20T10:03:00Z"));
  }

  @Test
  void aSkippedFiringIsNotSkippedTwice() {
    // The status written with the skip expects 10:03 next; a reconcile before then does nothing.
    Previous afterSkip = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:03:00Z");
    List<Run> runs = List.of(run("2026-11-20T10:01:00Z", Running));

    Decision d = decide(EVERY_MINUTE, DEFAULTS, afterSkip, runs, "2026-11-20T10:02:30Z");

    assertThat(d.skip()).isEmpty();
    assertThat(d.create()).isEmpty();
  }

  @Test
  void aRunNotYetReportingCountsAsActive() {
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");
    List<Run> runs = List.of(run("2026-11-20T10:01:00Z", null));

    assertThat(decide(EVERY_MINUTE, DEFAULTS, before, runs, "2026-11-20T10:02:01Z").skip())
        .isPresent();
  }

  @Test
  void allowStartsARunBesideTheActiveOne() {
    Settings allow = new Settings(false, ConcurrencyPolicy.Allow, 3, 1);
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");
    List<Run> runs = List.of(run("2026-11-20T10:01:00Z", Running));

    Decision d = decide(EVERY_MINUTE, allow, before, runs, "2026-11-20T10:02:01Z");

    assertThat(d.create()).contains(t("2026-11-20T10:02:00Z"));
    assertThat(d.skip()).isEmpty();
  }

  @Test
  void aRestartThatFindsTheRunOfAFiringCreatesNoSecond() {
    // The run was created, then the operator stopped before writing lastScheduleTime.
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");
    List<Run> runs =
        List.of(run("2026-11-20T10:01:00Z", Succeeded), run("2026-11-20T10:02:00Z", null));

    Decision d = decide(EVERY_MINUTE, DEFAULTS, before, runs, "2026-11-20T10:02:40Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.skip()).isEmpty();
    assertThat(d.next()).contains(t("2026-11-20T10:03:00Z"));
  }

  @Test
  void suspendedCreatesNothingAndSchedulesNothing() {
    Settings suspended = new Settings(true, ConcurrencyPolicy.Forbid, 3, 1);
    Previous before = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:02:00Z");

    Decision d = decide(EVERY_MINUTE, suspended, before, List.of(), "2026-11-20T10:05:01Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.skip()).isEmpty();
    assertThat(d.next()).isEmpty();
    assertThat(d.wakeAfter(t("2026-11-20T10:05:01Z"))).isEmpty();
  }

  @Test
  void aResumeDoesNotRunTheFiringsMissedWhileSuspended() {
    // The suspended status scheduled nothing.
    Previous suspended = expecting("2026-11-20T10:01:00Z", null);

    Decision d = decide(EVERY_MINUTE, DEFAULTS, suspended, List.of(), "2026-11-20T10:05:20Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.next()).contains(t("2026-11-20T10:06:00Z"));
    // The status written now expects 10:06, which then runs.
    Previous resumed = expecting("2026-11-20T10:01:00Z", "2026-11-20T10:06:00Z");
    assertThat(decide(EVERY_MINUTE, DEFAULTS, resumed, List.of(), "2026-11-20T10:06:01Z").create())
        .contains(t("2026-11-20T10:06:00Z"));
  }

  @Test
  void anEditedScheduleDoesNotRunItsFiringsFromThePast() {
    // Nightly at 03:00 until noon, when the user moves it to 06:00: today's 06:00 is past.
    Previous nightly = expecting("2026-11-21T03:00:00Z", "2026-11-22T03:00:00Z");
    CronSchedule six = CronSchedule.parse("0 6 * * *");

    Decision d = decide(six, DEFAULTS, nightly, List.of(), "2026-11-21T12:00:00Z");

    assertThat(d.create()).isEmpty();
    assertThat(d.next()).contains(t("2026-11-22T06:00:00Z"));
  }

  @Test
  void historyLimitsDeleteTheOldestFinishedRunsFirst() {
    List<Run> runs =
        List.of(
            run("2026-11-20T10:01:00Z", Succeeded),
            run("2026-11-20T10:02:00Z", Failed),
            run("2026-11-20T10:03:00Z", Succeeded),
            run("2026-11-20T10:04:00Z", Failed),
            run("2026-11-20T10:05:00Z", Succeeded),
            run("2026-11-20T10:06:00Z", Succeeded),
            run("2026-11-20T10:07:00Z", Running));

    List<Run> delete = RunSchedule.prune(runs, new Settings(false, ConcurrencyPolicy.Forbid, 2, 1));

    assertThat(delete)
        .extracting(Run::scheduledAt)
        .containsExactly(
            t("2026-11-20T10:01:00Z"), t("2026-11-20T10:02:00Z"), t("2026-11-20T10:03:00Z"));
  }

  @Test
  void aZeroLimitKeepsNoFinishedRunAndNeverDeletesAnActiveOne() {
    List<Run> runs =
        List.of(run("2026-11-20T10:01:00Z", Succeeded), run("2026-11-20T10:02:00Z", null));

    assertThat(RunSchedule.prune(runs, new Settings(false, ConcurrencyPolicy.Forbid, 0, 0)))
        .extracting(Run::name)
        .containsExactly("nightly-202611201001");
  }

  @Test
  void theDefaultsAreForbidThreeAndOne() {
    var spec = BatchFixtures.batch(2).getSpec();
    assertThat(Settings.of(spec)).isEqualTo(new Settings(false, ConcurrencyPolicy.Forbid, 3, 1));
  }

  @Test
  void pruningHappensAlsoWhileSuspended() {
    Settings suspended = new Settings(true, ConcurrencyPolicy.Forbid, 1, 1);
    List<Run> runs =
        List.of(run("2026-11-20T10:01:00Z", Succeeded), run("2026-11-20T10:02:00Z", Succeeded));

    assertThat(decide(EVERY_MINUTE, suspended, NONE, runs, "2026-11-20T10:03:00Z").delete())
        .extracting(Run::name)
        .containsExactly("nightly-202611201001");
  }
}
