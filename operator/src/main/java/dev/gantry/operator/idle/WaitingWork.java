package dev.gantry.operator.idle;

import java.time.Instant;

/**
 * Work that waits for GPUs: the pods of one workload that the scheduler could not place for lack of
 * GPUs.
 *
 * @param namespace its namespace
 * @param name the workload (TrainingJob, owning controller, or the pod itself)
 * @param gpus GPUs its unschedulable pods ask for
 * @param priority the highest pod priority among them
 * @param since when the earliest of them was found unschedulable
 */
public record WaitingWork(String namespace, String name, int gpus, int priority, Instant since) {
  public String ref() {
    return namespace + "/" + name;
  }
}
