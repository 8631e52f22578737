package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.CanaryStatus;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Which versions an InferenceService serves, as persisted in its status: a restarted operator reads
 * it back and resumes a rollout in the middle of a step.
 *
 * @param stable the version receiving the rest of the traffic (status.modelVersion), null before
 *     anything was served
 * @param canary the version being rolled out, null when none
 * @param rolledBack the version last rolled back (status.rolledBackVersion), null when none
 */
public record RolloutState(String stable, Canary canary, String rolledBack) {

  /**
   * A canary at {@code step} of rollout.steps; {@code stepStart} is null until its pods are ready,
   * since a step is held only while the canary can take traffic.
   */
  public record Canary(String version, int step, Instant stepStart) {
    Canary startedAt(Instant now) {
      return new Canary(version, step, now);
    }
  }

  public static RolloutState empty() {
    return new RolloutState(null, null, null);
  }

  public static RolloutState of(InferenceServiceStatus status) {
    if (status == null) {
      return empty();
    }
    Canary canary = null;
    if (status.canary != null && status.canary.modelVersion != null) {
      canary =
          new Canary(
              status.canary.modelVersion,
              status.canary.step == null ? 0 : status.canary.step,
              Optional.ofNullable(status.canary.stepStartTime).map(Instant::parse).orElse(null));
    }
    return new RolloutState(status.modelVersion, canary, status.rolledBackVersion);
  }

  public Optional<Canary> canaryOpt() {
    return Optional.ofNullable(canary);
  }

  RolloutState withCanary(Canary next) {
    return new RolloutState(stable, next, rolledBack);
  }

  /** status.canary for this state, with the step's traffic percent. */
  CanaryStatus canaryStatus(java.util.List<Integer> steps) {
    if (canary == null) {
      return null;
    }
    CanaryStatus status = new CanaryStatus();
    status.modelVersion = canary.version();
    status.step = canary.step();
    status.trafficPercent =
        steps != null && canary.step() < steps.size() ? steps.get(canary.step()) : null;
    status.stepStartTime = canary.stepStart() == null ? null : canary.stepStart().toString();
    return status;
  }
}
