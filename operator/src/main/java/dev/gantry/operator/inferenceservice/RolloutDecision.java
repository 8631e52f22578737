package dev.gantry.operator.inferenceservice;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the rollout state machine decided.
 *
 * @param state the next state, to persist in status
 * @param events what to tell the user (Kubernetes events)
 * @param verdict the analysis of the current step, when one ran
 * @param rollback the numbers of a rollback made by this decision
 * @param requeueAfter when to look again although no watched object changes (a step's timer)
 */
public record RolloutDecision(
    RolloutState state,
    List<Event> events,
    Optional<AnalysisVerdict> verdict,
    Optional<String> rollback,
    Optional<Duration> requeueAfter) {

  /** A Kubernetes event to record about the InferenceService. */
  public record Event(boolean warning, String reason, String message) {}

  static RolloutDecision stay(RolloutState state) {
    return new RolloutDecision(
        state, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static RolloutDecision to(RolloutState state, Event event) {
    return new RolloutDecision(
        state, List.of(event), Optional.empty(), Optional.empty(), Optional.empty());
  }

  RolloutDecision withVerdict(AnalysisVerdict value) {
    return new RolloutDecision(state, events, Optional.of(value), rollback, requeueAfter);
  }

  RolloutDecision requeueAfter(Duration value) {
    return new RolloutDecision(state, events, verdict, rollback, Optional.of(value));
  }
}
