package dev.gantry.operator.idle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Free GPUs node by node, and whether a suspended job's pods would fit in them. Pure. A cluster
 * total is not enough: a job of two 4-GPU pods does not fit in 4 free GPUs on each of two nodes
 * when one of them is tainted against its pods (a dedicated node, a real node among simulated ones)
 * or lacks a label its nodeSelector asks for. Affinity rules are not read: a job placed by affinity
 * alone may resume into a cluster where the scheduler keeps it Pending, and is then counted as
 * waiting work in the next pass.
 */
public final class GpuRoom {
  private final List<Node> nodes;
  private final Map<String, Integer> free;

  private GpuRoom(List<Node> nodes, Map<String, Integer> free) {
    this.nodes = nodes;
    this.free = free;
  }

  /** The schedulable GPU nodes, less what bound, unfinished pods hold on each. */
  public static GpuRoom of(List<Node> nodes, List<Pod> pods, String gpuResourceName) {
    Map<String, Integer> free = new LinkedHashMap<>();
    List<Node> gpuNodes = new ArrayList<>();
    for (Node node : nodes) {
      int gpus = allocatable(node, gpuResourceName);
      if (gpus > 0) {
        gpuNodes.add(node);
        free.put(node.getMetadata().getName(), gpus);
      }
    }
    for (Pod pod : pods) {
      if (GpuPods.holdsGpus(pod) && free.containsKey(pod.getSpec().getNodeName())) {
        free.merge(pod.getSpec().getNodeName(), -GpuPods.gpus(pod, gpuResourceName), Integer::sum);
      }
    }
    return new GpuRoom(gpuNodes, free);
  }

  /** GPUs a node offers to new pods: its allocatable, none when cordoned. */
  public static int allocatable(Node node, String gpuResourceName) {
    if (node.getStatus() == null
        || node.getStatus().getAllocatable() == null
        || (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))) {
      return 0;
    }
    Quantity q = node.getStatus().getAllocatable().get(gpuResourceName);
    return q == null ? 0 : q.getNumericalAmount().intValue();
  }

  /** The most GPUs one node offers at all: a pod asking for more can never be placed. */
  public static int largestNode(List<Node> nodes, String gpuResourceName) {
    return nodes.stream().mapToInt(n -> allocatable(n, gpuResourceName)).max().orElse(0);
  }

  /**
   * Takes room for {@code count} pods of {@code gpusEach} GPUs with this pod spec, first fit over
   * the nodes the spec may use; false, and nothing taken, when they do not all fit.
   */
  public boolean take(PodSpec spec, int count, int gpusEach) {
    if (count == 0 || gpusEach == 0) {
      return true;
    }
    Map<String, Integer> after = new LinkedHashMap<>(free);
    int left = count;
    for (Node node : nodes) {
      if (!admits(node, spec)) {
        continue;
      }
      String name = node.getMetadata().getName();
      while (left > 0 && after.get(name) >= gpusEach) {
        after.merge(name, -gpusEach, Integer::sum);
        left--;
      }
    }
    if (left > 0) {
      return false;
    }
    free.putAll(after);
    return true;
  }

  /** The node's NoSchedule and NoExecute taints are all tolerated, and its labels match. */
  static boolean admits(Node node, PodSpec spec) {
    Map<String, String> selector = spec == null ? null : spec.getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      Map<String, String> labels = node.getMetadata().getLabels();
      for (Map.Entry<String, String> e : selector.entrySet()) {
        if (labels == null || !Objects.equals(labels.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null) {
      return true;
    }
    List<Toleration> tolerations =
        spec == null || spec.getTolerations() == null ? List.of() : spec.getTolerations();
    for (Taint taint : taints) {
      if ("PreferNoSchedule".equals(taint.getEffect())) {
        continue;
      }
      if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
        return false;
      }
    }
    return true;
  }

  /** Kubernetes' rule: an empty key with Exists tolerates every taint; an empty effect any. */
  static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null
        && !t.getEffect().isEmpty()
        && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    boolean exists = "Exists".equals(t.getOperator());
    if (t.getKey() == null || t.getKey().isEmpty()) {
      return exists;
    }
    if (!t.getKey().equals(taint.getKey())) {
      return false;
    }
    return exists || Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
