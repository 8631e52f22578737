package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.rolloutSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.CanaryStatus;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.operator.inferenceservice.RolloutState.Canary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutStateMachineTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  private static final Duration POLL = Duration.ofSeconds(10);
  private static final RolloutSpec ROLLOUT = rolloutSpec("1m", List.of(10, 50, 100));
  private static final AnalysisVerdict HEALTHY =
      AnalysisVerdict.healthy("canary within limits (100 requests, 0 errors)");
  private static final AnalysisVerdict FAILING =
      AnalysisVerdict.failing("error rate 0.2 > max 0.01 (100 requests, 20 errors)");
  private static final AnalysisVerdict TOO_FEW =
      AnalysisVerdict.inconclusive(
          InferenceServiceReasons.ANALYSIS_INCONCLUSIVE, "canary served 3 requests");

  private static RolloutDecision next(
      String desired,
      RolloutState state,
      RolloutSpec rollout,
      boolean canaryReady,
      AnalysisVerdict verdict,
      Instant now) {
    return RolloutStateMachine.next(
        new RolloutStateMachine.Input(
            Optional.ofNullable(desired),
            state,
            rollout,
            canaryReady,
            Optional.ofNullable(verdict),
            POLL,
            now));
  }

  private static RolloutState stableOnly(String version) {
    return new RolloutState(version, null, null);
  }

  private static RolloutState atStep(int step, Instant start) {
    return new RolloutState("fraud-7", new Canary("fraud-8", step, start), null);
  }

  @Test
  void firstValidatedVersionIsServedAtOnce() {
    RolloutDecision d = next("fraud-7", RolloutState.empty(), ROLLOUT, false, null, T0);
    assertThat(d.state()).isEqualTo(stableOnly("fraud-7"));
    assertThat(d.events()).extracting(RolloutDecision.Event::reason).containsExactly("Serving");
  }

  @Test
  void nothingResolvedKeepsServingWhatIsServed() {
    RolloutState serving = atStep(1, T0);
    RolloutDecision d = next(null, serving, ROLLOUT, true, null, T0.plusSeconds(600));
    assertThat(d.state()).isEqualTo(serving);
    assertThat(d.events()).isEmpty();
    assertThat(next(null, RolloutState.empty(), ROLLOUT, false, null, T0).state())
        .isEqualTo(RolloutState.empty());
  }

  @Test
  void sameVersionIsANoOp() {
    RolloutDecision d = next("fraud-7", stableOnly("fraud-7"), ROLLOUT, false, null, T0);
    assertThat(d.state()).isEqualTo(stableOnly("fraud-7"));
    assertThat(d.events()).isEmpty();
    assertThat(d.requeueAfter()).isEmpty();
  }

  @Test
  void newVersionStartsACanaryAtTheFirstStepWithoutStartingItsTimer() {
    RolloutDecision d = next("fraud-8", stableOnly("fraud-7"), ROLLOUT, false, null, T0);
    assertThat(d.state())
        .isEqualTo(new RolloutState("fraud-7", new Canary("fraud-8", 0, null), null));
    assertThat(d.events())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("fraud-8", "fraud-7", "10%"));
  }

  @Test
  void withoutStepsANewVersionReplacesTheOldAtOnce() {
    RolloutDecision d = next("fraud-8", stableOnly("fraud-7"), null, false, null, T0);
    assertThat(d.state()).isEqualTo(stableOnly("fraud-8"));
    assertThat(d.events()).extracting(RolloutDecision.Event::reason).containsExactly("Updated");
  }

  @Test
  void stepTimerStartsWhenTheCanaryIsReady() {
    RolloutState starting = atStep(0, null);
    assertThat(next("fraud-8", starting, ROLLOUT, false, null, T0).state()).isEqualTo(starting);
    RolloutDecision ready = next("fraud-8", starting, ROLLOUT, true, null, T0);
    assertThat(ready.state()).isEqualTo(atStep(0, T0));
    assertThat(ready.requeueAfter()).contains(POLL);
  }

  @Test
  void healthyStepIsHeldForTheStepInterval() {
    RolloutDecision d = next("fraud-8", atStep(0, T0), ROLLOUT, true, HEALTHY, T0.plusSeconds(55));
    assertThat(d.state()).isEqualTo(atStep(0, T0));
    assertThat(d.requeueAfter()).contains(Duration.ofSeconds(5));
    assertThat(d.verdict()).contains(HEALTHY);
  }

  @Test
  void healthyStepAdvancesAfterTheIntervalAndRestartsTheTimer() {
    Instant end = T0.plusSeconds(61);
    RolloutDecision d = next("fraud-8", atStep(0, T0), ROLLOUT, true, HEALTHY, end);
    assertThat(d.state()).isEqualTo(atStep(1, end));
    assertThat(d.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("StepAdvanced");
              assertThat(e.message()).contains("50%");
            });
  }

  @Test
  void lastStepBelowHundredPromotesTheCanary() {
    RolloutDecision d = next("fraud-8", atStep(1, T0), ROLLOUT, true, HEALTHY, T0.plusSeconds(60));
    assertThat(d.state()).isEqualTo(stableOnly("fraud-8"));
    assertThat(d.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("Promoted"));
  }

  @Test
  void aSingleHundredPercentStepIsHeldThenPromoted() {
    RolloutSpec oneStep = rolloutSpec("30s", List.of(100));
    RolloutState at = atStep(0, T0);
    assertThat(next("fraud-8", at, oneStep, true, HEALTHY, T0.plusSeconds(10)).state())
        .isEqualTo(at);
    assertThat(next("fraud-8", at, oneStep, true, HEALTHY, T0.plusSeconds(30)).state())
        .isEqualTo(stableOnly("fraud-8"));
  }

  @Test
  void failingAnalysisRollsBackAtOnceAndRemembersTheVersion() {
    RolloutDecision d = next("fraud-8", atStep(1, T0), ROLLOUT, true, FAILING, T0.plusSeconds(5));
    assertThat(d.state()).isEqualTo(new RolloutState("fraud-7", null, "fraud-8"));
    assertThat(d.rollback())
        .hasValueSatisfying(m -> assertThat(m).contains("fraud-8", "50%", "error rate 0.2"));
    assertThat(d.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.reason()).isEqualTo("RolledBack");
            });
  }

  @Test
  void rolledBackVersionIsNotTriedAgain() {
    RolloutState rolledBack = new RolloutState("fraud-7", null, "fraud-8");
    RolloutDecision d = next("fraud-8", rolledBack, ROLLOUT, false, null, T0.plusSeconds(3600));
    assertThat(d.state()).isEqualTo(rolledBack);
    assertThat(d.events()).isEmpty();
  }

  @Test
  void anotherVersionAfterARollbackStartsAFreshRollout() {
    RolloutState rolledBack = new RolloutState("fraud-7", null, "fraud-8");
    assertThat(next("fraud-9", rolledBack, ROLLOUT, false, null, T0).state())
        .isEqualTo(new RolloutState("fraud-7", new Canary("fraud-9", 0, null), null));
  }

  @Test
  void goingBackToTheStableVersionAbortsTheRolloutAndForgetsARollback() {
    RolloutDecision d = next("fraud-7", atStep(1, T0), ROLLOUT, true, null, T0);
    assertThat(d.state()).isEqualTo(stableOnly("fraud-7"));
    assertThat(d.events())
        .extracting(RolloutDecision.Event::reason)
        .containsExactly("RolloutAborted");
    assertThat(
            next("fraud-7", new RolloutState("fraud-7", null, "fraud-8"), ROLLOUT, false, null, T0)
                .state())
        .isEqualTo(stableOnly("fraud-7"));
  }

  @Test
  void aNewerVersionDuringARolloutRestartsItAtTheFirstStep() {
    RolloutDecision d = next("fraud-9", atStep(1, T0), ROLLOUT, true, null, T0);
    assertThat(d.state())
        .isEqualTo(new RolloutState("fraud-7", new Canary("fraud-9", 0, null), null));
  }

  @Test
  void inconclusiveAnalysisHoldsTheStepPastItsInterval() {
    RolloutDecision d = next("fraud-8", atStep(0, T0), ROLLOUT, true, TOO_FEW, T0.plusSeconds(600));
    assertThat(d.state()).isEqualTo(atStep(0, T0));
    assertThat(d.events()).isEmpty();
    assertThat(d.requeueAfter()).contains(POLL);
    assertThat(d.verdict()).contains(TOO_FEW);
  }

  @Test
  void withoutAutoRollbackAFailingCanaryHoldsItsStep() {
    RolloutSpec manual = rolloutSpec("1m", List.of(10, 50, 100));
    manual.autoRollback = false;
    RolloutDecision d = next("fraud-8", atStep(0, T0), manual, true, FAILING, T0.plusSeconds(120));
    assertThat(d.state()).isEqualTo(atStep(0, T0));
    assertThat(d.rollback()).isEmpty();
    assertThat(d.verdict()).contains(FAILING);
  }

  @Test
  void aCanaryThatLostItsPodsDoesNotAdvance() {
    RolloutDecision d =
        next("fraud-8", atStep(0, T0), ROLLOUT, false, HEALTHY, T0.plusSeconds(120));
    assertThat(d.state()).isEqualTo(atStep(0, T0));
  }

  @Test
  void analysisIsDueOnlyForAReadyCanaryOfTheDesiredVersion() {
    assertThat(RolloutStateMachine.analysisDue(atStep(0, T0), Optional.of("fraud-8"))).isTrue();
    assertThat(RolloutStateMachine.analysisDue(atStep(0, null), Optional.of("fraud-8"))).isFalse();
    assertThat(RolloutStateMachine.analysisDue(atStep(0, T0), Optional.of("fraud-9"))).isFalse();
    assertThat(RolloutStateMachine.analysisDue(stableOnly("fraud-7"), Optional.of("fraud-7")))
        .isFalse();
  }

  /**
   * An operator restarted 40 s into a 60 s step reads the step and its start back from status: it
   * neither restarts the step nor skips it.
   */
  @Test
  void restartInTheMiddleOfAStepResumesTheSameStepFromStatus() {
    Instant stepStart = T0;
    RolloutDecision before =
        next("fraud-8", atStep(1, stepStart), ROLLOUT, true, HEALTHY, T0.plusSeconds(20));
    InferenceServiceStatus persisted = new InferenceServiceStatus();
    persisted.modelVersion = before.state().stable();
    persisted.canary = before.state().canaryStatus(ROLLOUT.steps);
    assertThat(persisted.canary.trafficPercent).isEqualTo(50);

    RolloutState readBack = RolloutState.of(roundTrip(persisted));
    assertThat(readBack).isEqualTo(atStep(1, stepStart));
    RolloutDecision after = next("fraud-8", readBack, ROLLOUT, true, HEALTHY, T0.plusSeconds(40));
    assertThat(after.state()).isEqualTo(atStep(1, stepStart));
    assertThat(after.requeueAfter()).contains(Duration.ofSeconds(10));
    assertThat(next("fraud-8", readBack, ROLLOUT, true, HEALTHY, T0.plusSeconds(60)).state())
        .isEqualTo(stableOnly("fraud-8"));
  }

  @Test
  void restartWhileTheCanaryStartsKeepsWaitingForIt() {
    InferenceServiceStatus persisted = new InferenceServiceStatus();
    persisted.modelVersion = "fraud-7";
    persisted.canary = new CanaryStatus();
    persisted.canary.modelVersion = "fraud-8";
    persisted.canary.step = 0;
    persisted.canary.trafficPercent = 10;
    RolloutState readBack = RolloutState.of(roundTrip(persisted));
    assertThat(readBack).isEqualTo(atStep(0, null));
    assertThat(next("fraud-8", readBack, ROLLOUT, false, null, T0).state()).isEqualTo(readBack);
  }

  private static InferenceServiceStatus roundTrip(InferenceServiceStatus status) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try {
      return json.readValue(json.writeValueAsString(status), InferenceServiceStatus.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
