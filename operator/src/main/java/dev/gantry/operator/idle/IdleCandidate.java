package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;

/**
 * A running TrainingJob idle long enough to be reclaimed, and not exempt.
 *
 * @param gpus GPUs its pods hold
 * @param priority its pods' priority (the scheduler's resolved value)
 * @param idleSeconds how long its GPUs have been idle
 * @param utilizationPercent mean utilization over the last window
 */
public record IdleCandidate(
    String namespace,
    String name,
    int gpus,
    int priority,
    long idleSeconds,
    double utilizationPercent,
    IdleAction action,
    boolean onlyWhenPending) {
  public String ref() {
    return namespace + "/" + name;
  }
}
