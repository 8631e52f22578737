package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.inferenceservice.RolloutDecision.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The progressive rollout as a pure function of (desired version, persisted state, observed canary
 * readiness, analysis verdict, now). Everything it needs to resume is in {@link RolloutState},
 * which lives in status, so an operator restart mid-step changes nothing.
 *
 * <p>A step whose traffic is below 100 is held stepInterval once the canary's pods are ready; a
 * failing verdict rolls back at once (with autoRollback), a healthy one at the end of the hold
 * moves on; reaching 100 promotes the canary to stable.
 */
public final class RolloutStateMachine {
  private RolloutStateMachine() {}

  /** The inputs of one decision. */
  public record Input(
      Optional<String> desired,
      RolloutState state,
      RolloutSpec rollout,
      boolean canaryReady,
      Optional<AnalysisVerdict> verdict,
      Duration analysisInterval,
      Instant now) {}

  /** Whether the current step needs analysis now: a canary that is ready and holding a step. */
  public static boolean analysisDue(RolloutState state, Optional<String> desired) {
    return state.canary() != null
        && state.canary().stepStart() != null
        && desired.filter(state.canary().version()::equals).isPresent();
  }

  public static RolloutDecision next(Input in) {
    RolloutState state = in.state();
    if (in.desired().isEmpty()) {
      // Nothing (new) may be served: keep serving what is served, move no step.
      return RolloutDecision.stay(state);
    }
    String desired = in.desired().get();
    if (state.stable() == null) {
      return RolloutDecision.to(
          new RolloutState(desired, null, null),
          new Event(false, InferenceServiceReasons.SERVING, "serving ModelVersion " + desired));
    }
    if (desired.equals(state.stable())) {
      if (state.canary() != null) {
        return RolloutDecision.to(
            new RolloutState(state.stable(), null, null),
            new Event(
                false,
                InferenceServiceReasons.ROLLOUT_ABORTED,
                "the spec asks for "
                    + desired
                    + " again; rollout of "
                    + state.canary().version()
                    + " aborted"));
      }
      return RolloutDecision.stay(new RolloutState(state.stable(), null, null));
    }
    if (desired.equals(state.rolledBack())) {
      return RolloutDecision.stay(state);
    }
    if (!progressive(in.rollout())) {
      return RolloutDecision.to(
          new RolloutState(desired, null, null),
          new Event(
              false,
              InferenceServiceReasons.UPDATED,
              "no rollout steps: " + state.stable() + " replaced by " + desired));
    }
    RolloutState.Canary canary = state.canary();
    if (canary == null || !canary.version().equals(desired)) {
      return RolloutDecision.to(
          new RolloutState(state.stable(), new RolloutState.Canary(desired, 0, null), null),
          new Event(
              false,
              InferenceServiceReasons.ROLLOUT_STARTED,
              "rolling out "
                  + desired
                  + " beside "
                  + state.stable()
                  + " at "
                  + in.rollout().steps.get(0)
                  + "% of traffic"));
    }
    if (canary.stepStart() == null) {
      return in.canaryReady()
          ? RolloutDecision.stay(state.withCanary(canary.startedAt(in.now())))
              .requeueAfter(in.analysisInterval())
          : RolloutDecision.stay(state);
    }
    return holdStep(in, canary);
  }

  private static RolloutDecision holdStep(Input in, RolloutState.Canary canary) {
    RolloutState state = in.state();
    RolloutSpec rollout = in.rollout();
    AnalysisVerdict verdict =
        in.verdict()
            .orElse(
                AnalysisVerdict.inconclusive(
                    InferenceServiceReasons.ANALYSING, "step " + canary.step() + " not analysed"));
    if (verdict.outcome() == AnalysisVerdict.Outcome.FAILING) {
      if (!Boolean.FALSE.equals(rollout.autoRollback)) {
        String message =
            canary.version()
                + " rolled back at "
                + rollout.steps.get(canary.step())
                + "% of traffic: "
                + verdict.message();
        return new RolloutDecision(
            new RolloutState(state.stable(), null, canary.version()),
            List.of(new Event(true, InferenceServiceReasons.ROLLED_BACK, message)),
            Optional.of(verdict),
            Optional.of(message),
            Optional.empty());
      }
      // Without autoRollback the step holds until the user changes the spec.
      return RolloutDecision.stay(state).withVerdict(verdict).requeueAfter(in.analysisInterval());
    }
    Duration held = Duration.between(canary.stepStart(), in.now());
    Duration interval = stepInterval(rollout);
    if (held.compareTo(interval) < 0) {
      Duration left = interval.minus(held);
      return RolloutDecision.stay(state)
          .withVerdict(verdict)
          .requeueAfter(left.compareTo(in.analysisInterval()) < 0 ? left : in.analysisInterval());
    }
    if (verdict.outcome() == AnalysisVerdict.Outcome.INCONCLUSIVE || !in.canaryReady()) {
      return RolloutDecision.stay(state).withVerdict(verdict).requeueAfter(in.analysisInterval());
    }
    int next = canary.step() + 1;
    if (next >= rollout.steps.size() - 1 || rollout.steps.get(next) >= 100) {
      return RolloutDecision.to(
              new RolloutState(canary.version(), null, null),
              new Event(
                  false,
                  InferenceServiceReasons.PROMOTED,
                  canary.version() + " promoted to 100% of traffic: " + verdict.message()))
          .withVerdict(verdict);
    }
    return RolloutDecision.to(
            state.withCanary(new RolloutState.Canary(canary.version(), next, in.now())),
            new Event(
                false,
                InferenceServiceReasons.STEP_ADVANCED,
                canary.version()
                    + " at "
                    + rollout.steps.get(next)
                    + "% of traffic: "
                    + verdict.message()))
        .withVerdict(verdict)
        .requeueAfter(in.analysisInterval());
  }

  /** Whether a version change goes through canary steps; without steps it replaces at once. */
  static boolean progressive(RolloutSpec rollout) {
    return rollout != null && rollout.steps != null && !rollout.steps.isEmpty();
  }

  static Duration stepInterval(RolloutSpec rollout) {
    return ApiDurations.parse(rollout.stepInterval == null ? "5m" : rollout.stepInterval);
  }
}
