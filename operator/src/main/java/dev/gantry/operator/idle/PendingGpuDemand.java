package dev.gantry.operator.idle;

import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which work waits for GPUs, from the cluster's pods. Pure. A pod waits for GPUs when it asks for
 * some, is Pending, and the scheduler marked it Unschedulable saying the GPU resource is
 * insufficient ("0/2 nodes are available: 2 Insufficient nvidia.com/gpu."): freeing GPUs could
 * place it. Pods unschedulable for other reasons (node selectors, taints) are not counted: idle
 * GPUs given back would not help them.
 *
 * <p>Kueue Workloads that wait for quota are not pods yet (their Job is suspended): {@link
 * KueueView#waiting()} counts them.
 */
public final class PendingGpuDemand {
  private PendingGpuDemand() {}

  /** Waiting work, highest priority first, then longest waiting. */
  public static List<WaitingWork> of(List<Pod> pods, String gpuResourceName, int largestNodeGpus) {
    Map<String, List<Pod>> byWorkload = new LinkedHashMap<>();
    Map<String, Instant> since = new LinkedHashMap<>();
    for (Pod pod : pods) {
      Optional<PodCondition> unschedulable = waitingForGpus(pod, gpuResourceName);
      if (unschedulable.isEmpty() || GpuPods.gpus(pod, gpuResourceName) > largestNodeGpus) {
        continue;
      }
      String key = pod.getMetadata().getNamespace() + "/" + workload(pod);
      byWorkload.computeIfAbsent(key, k -> new ArrayList<>()).add(pod);
      Instant t = parse(unschedulable.get().getLastTransitionTime());
      since.merge(key, t, (a, b) -> a.isBefore(b) ? a : b);
    }
    List<WaitingWork> work = new ArrayList<>();
    byWorkload.forEach(
        (key, list) -> {
          Pod first = list.get(0);
          work.add(
              new WaitingWork(
                  first.getMetadata().getNamespace(),
                  workload(first),
                  GpuPods.sumGpus(list, gpuResourceName),
                  list.stream().mapToInt(GpuPods::priority).max().orElse(0),
                  since.get(key)));
        });
    work.sort(SERVING_ORDER);
    return work;
  }

  /** Highest priority first, then longest waiting. */
  static final Comparator<WaitingWork> SERVING_ORDER =
      Comparator.comparingInt(WaitingWork::priority)
          .reversed()
          .thenComparing(WaitingWork::since)
          .thenComparing(WaitingWork::ref);

  /** Pods waiting for GPUs and Kueue Workloads waiting for GPU quota, in one serving order. */
  public static List<WaitingWork> inServingOrder(List<WaitingWork> pods, List<WaitingWork> kueue) {
    List<WaitingWork> all = new ArrayList<>(pods);
    all.addAll(kueue);
    all.sort(SERVING_ORDER);
    return all;
  }

  /** Waiting GPUs by namespace, for the pending-requests metric. */
  public static Map<String, Integer> gpusByNamespace(List<WaitingWork> work) {
    Map<String, Integer> result = new LinkedHashMap<>();
    work.forEach(w -> result.merge(w.namespace(), w.gpus(), Integer::sum));
    return result;
  }

  static Optional<PodCondition> waitingForGpus(Pod pod, String gpuResourceName) {
    if (!"Pending".equals(GpuPods.phase(pod))
        || pod.getMetadata().getDeletionTimestamp() != null
        || (pod.getSpec() != null && pod.getSpec().getNodeName() != null)
        || GpuPods.gpus(pod, gpuResourceName) == 0
        || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()))
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .filter(
            c ->
                c.getMessage() != null
                    && c.getMessage().contains("Insufficient " + gpuResourceName))
        .findFirst();
  }

  /** The TrainingJob, else the controlling owner (a Job, a ReplicaSet...), else the pod. */
  static String workload(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels != null && labels.containsKey(Labels.TRAINING_JOB)) {
      return labels.get(Labels.TRAINING_JOB);
    }
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference o : owners) {
        if (Boolean.TRUE.equals(o.getController())) {
          return o.getName();
        }
      }
    }
    return pod.getMetadata().getName();
  }

  private static Instant parse(String time) {
    return time == null ? Instant.EPOCH : Instant.parse(time);
  }
}
