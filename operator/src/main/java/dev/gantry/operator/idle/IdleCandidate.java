package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import java.util.Optional;

/**
 * A running TrainingJob idle long enough to be reclaimed, and not exempt.
 *
 * @param gpus GPUs its pods hold
 * @param priority its pods' priority (the scheduler's resolved value)
 * @param idleSeconds how long its GPUs have been idle
 * @param utilizationPercent mean utilization over the last window
 * @param quotaPool the Kueue quota pool its admission holds ({@link KueueView}); empty when Kueue
 *     did not admit it
 */
public record IdleCandidate(
    String namespace,
    String name,
    int gpus,
    int priority,
    long idleSeconds,
    double utilizationPercent,
    IdleAction action,
    boolean onlyWhenPending,
    Optional<String> quotaPool) {
  public IdleCandidate(
      String namespace,
      String name,
      int gpus,
      int priority,
      long idleSeconds,
      double utilizationPercent,
      IdleAction action,
      boolean onlyWhenPending) {
    this(
        namespace,
        name,
        gpus,
        priority,
        idleSeconds,
        utilizationPercent,
        action,
        onlyWhenPending,
        Optional.empty());
  }

  public String ref() {
    return namespace + "/" + name;
  }

  /** Whether reclaiming this job frees what the work waits for. */
  public boolean helps(WaitingWork work) {
    return work.quotaPool().isEmpty() || work.quotaPool().equals(quotaPool);
  }
}
