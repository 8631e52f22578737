package dev.gantry.operator.idle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** Small pure reads of a pod: GPUs it asks for, whether it holds them. */
public final class GpuPods {
  private GpuPods() {}

  /** GPUs the pod's containers ask for (limits; for GPUs a request equals its limit). */
  public static int gpus(Pod pod, String gpuResourceName) {
    if (pod.getSpec() == null) {
      return 0;
    }
    int total = 0;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() == null) {
        continue;
      }
      Quantity q =
          c.getResources().getLimits() == null
              ? null
              : c.getResources().getLimits().get(gpuResourceName);
      if (q == null && c.getResources().getRequests() != null) {
        q = c.getResources().getRequests().get(gpuResourceName);
      }
      if (q != null) {
        total += q.getNumericalAmount().intValue();
      }
    }
    return total;
  }

  /** Bound to a node, not finished and not being deleted: its GPUs are taken. */
  public static boolean holdsGpus(Pod pod) {
    String phase = phase(pod);
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && ("Pending".equals(phase) || "Running".equals(phase));
  }

  public static boolean running(Pod pod) {
    return "Running".equals(phase(pod)) && pod.getMetadata().getDeletionTimestamp() == null;
  }

  public static int priority(Pod pod) {
    Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }

  public static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  public static int sumGpus(List<Pod> pods, String gpuResourceName) {
    return pods.stream().mapToInt(p -> gpus(p, gpuResourceName)).sum();
  }
}
