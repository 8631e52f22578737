package dev.gantry.operator.idle;

import java.time.Instant;
import java.util.Optional;

/**
 * Work that waits for GPUs: the pods of one workload that the scheduler could not place for lack of
 * GPUs, or a Kueue Workload that waits for GPU quota.
 *
 * @param namespace its namespace
 * @param name the workload (TrainingJob, owning controller, or the pod itself)
 * @param gpus GPUs its unschedulable pods (or all its pods, for Kueue) ask for
 * @param priority the highest pod priority among them
 * @param since when the earliest of them was found unschedulable
 * @param quotaPool for Kueue work, the quota it waits for ({@link KueueView}): only a job holding
 *     quota of that pool can help it; empty for pods, which any freed node GPUs help
 */
public record WaitingWork(
    String namespace,
    String name,
    int gpus,
    int priority,
    Instant since,
    Optional<String> quotaPool) {
  public WaitingWork(String namespace, String name, int gpus, int priority, Instant since) {
    this(namespace, name, gpus, priority, since, Optional.empty());
  }

  public String ref() {
    return namespace + "/" + name;
  }
}
