package dev.gantry.operator.idle;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kueue side of a pass: Workloads, and which quota each competes for. Pure.
 *
 * <p>A quota pool is a ClusterQueue, or its cohort when it has one (ClusterQueues of a cohort lend
 * each other unused quota). Suspending an admitted job frees quota only in its own pool, so only
 * Workloads waiting in that pool gain from it; plain pods the scheduler cannot place gain from
 * freed node GPUs, whoever frees them.
 *
 * @param localQueues "namespace/name" of each LocalQueue to its ClusterQueue
 * @param cohorts ClusterQueue name to its cohort, for those that have one
 */
public record KueueView(
    List<KueueWorkload> workloads, Map<String, String> localQueues, Map<String, String> cohorts) {
  public static final KueueView NONE = new KueueView(List.of(), Map.of(), Map.of());

  public Optional<KueueWorkload> workloadOf(Job job) {
    String uid = job.getMetadata().getUid();
    return workloads.stream().filter(w -> w.ownerUid().equals(uid)).findFirst();
  }

  /** The pool whose quota an admitted Job holds. */
  public Optional<String> poolHeldBy(Job job) {
    return workloadOf(job).flatMap(KueueWorkload::admittedTo).map(this::pool);
  }

  /** The pool a Workload is queued for (through its LocalQueue). */
  public Optional<String> poolQueuedFor(KueueWorkload w) {
    return Optional.ofNullable(localQueues.get(w.namespace() + "/" + w.queueName()))
        .map(this::pool);
  }

  /** Workloads waiting for GPU quota that an idle job in their pool could give back. */
  public List<WaitingWork> waiting() {
    return workloads.stream()
        .filter(w -> w.active() && w.waitingForGpuQuota() && w.gpus() > 0)
        .flatMap(
            w ->
                poolQueuedFor(w).stream()
                    .map(
                        pool ->
                            new WaitingWork(
                                w.namespace(),
                                w.owner(),
                                w.gpus(),
                                w.priority(),
                                w.since(),
                                Optional.of(pool))))
        .toList();
  }

  String pool(String clusterQueue) {
    String cohort = cohorts.get(clusterQueue);
    return cohort == null ? "clusterqueue/" + clusterQueue : "cohort/" + cohort;
  }
}
