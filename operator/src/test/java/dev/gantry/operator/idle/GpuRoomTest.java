package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuRoomTest {
  private static final String GPU = "nvidia.com/gpu";
  private static final PodSpec PLAIN = new PodSpec();

  static Node node(String name, int gpus) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("pool", "a100")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .addToAllocatable(GPU, new Quantity(String.valueOf(gpus)))
        .endStatus()
        .build();
  }

  static Node tainted(Node node, String key) {
    node.getSpec().setTaints(List.of(new Taint("NoSchedule", key, null, "true")));
    return node;
  }

  static Pod bound(String node, int gpus, String phase) {
    Pod pod = IdlePassTest.pod("other", "other-" + node, gpus);
    pod.getSpec().setNodeName(node);
    pod.getStatus().setPhase(phase);
    return pod;
  }

  private static Toleration toleration(String key, String operator, String value, String effect) {
    return new TolerationBuilder()
        .withKey(key)
        .withOperator(operator)
        .withValue(value)
        .withEffect(effect)
        .build();
  }

  @Test
  void podsFitNodeByNodeNotInTheClusterTotal() {
    List<Node> nodes = List.of(node("a", 4), node("b", 4));
    GpuRoom room =
        GpuRoom.of(nodes, List.of(bound("a", 2, "Running"), bound("b", 2, "Running")), GPU);
    assertThat(room.take(PLAIN, 1, 4)).as("4 free in all, but 2 on each node").isFalse();
    assertThat(room.take(PLAIN, 2, 2)).isTrue();
    assertThat(room.take(PLAIN, 1, 1)).as("the first take spoke for the room").isFalse();
  }

  @Test
  void finishedPodsHoldNothingAndACordonedNodeOffersNothing() {
    Node cordoned = node("c", 4);
    cordoned.getSpec().setUnschedulable(true);
    GpuRoom room =
        GpuRoom.of(
            List.of(node("a", 4), cordoned),
            List.of(bound("a", 4, "Succeeded"), bound("a", 4, "Failed")),
            GPU);
    assertThat(room.take(PLAIN, 1, 4)).isTrue();
    assertThat(room.take(PLAIN, 1, 4)).isFalse();
    assertThat(GpuRoom.largestNode(List.of(node("a", 4), node("b", 8), cordoned), GPU))
        .isEqualTo(8);
  }

  @Test
  void aFailedTakeTakesNothing() {
    GpuRoom room = GpuRoom.of(List.of(node("a", 4), node("b", 4)), List.of(), GPU);
    assertThat(room.take(PLAIN, 3, 4)).isFalse();
    assertThat(room.take(PLAIN, 2, 4)).isTrue();
  }

  @Test
  void taintedNodesCountOnlyForPodsThatTolerateThem() {
    List<Node> nodes = List.of(node("a", 4), tainted(node("real", 4), "gantry.dev/real-node"));
    assertThat(GpuRoom.of(nodes, List.of(), GPU).take(PLAIN, 2, 4)).isFalse();

    PodSpec tolerant =
        new PodSpecBuilder()
            .withTolerations(toleration("gantry.dev/real-node", "Exists", null, "NoSchedule"))
            .build();
    assertThat(GpuRoom.of(nodes, List.of(), GPU).take(tolerant, 2, 4)).isTrue();
  }

  @Test
  void nodeSelectorLimitsTheNodes() {
    Node other = node("b", 4);
    other.getMetadata().setLabels(Map.of("pool", "t4"));
    PodSpec a100 = new PodSpecBuilder().withNodeSelector(Map.of("pool", "a100")).build();
    GpuRoom room = GpuRoom.of(List.of(node("a", 4), other), List.of(), GPU);
    assertThat(room.take(a100, 2, 4)).isFalse();
    assertThat(room.take(a100, 1, 4)).isTrue();
  }

  @Test
  void tolerationMatchingFollowsKubernetes() {
    Taint taint = new Taint("NoSchedule", "dedicated", null, "gpu");
    assertThat(GpuRoom.tolerates(toleration("dedicated", "Equal", "gpu", "NoSchedule"), taint))
        .isTrue();
    assertThat(GpuRoom.tolerates(toleration("dedicated", null, "gpu", null), taint))
        .as("operator defaults to Equal, an empty effect matches all")
        .isTrue();
    assertThat(GpuRoom.tolerates(toleration("dedicated", "Equal", "cpu", "NoSchedule"), taint))
        .isFalse();
    assertThat(GpuRoom.tolerates(toleration("dedicated", "Exists", null, "NoExecute"), taint))
        .isFalse();
    assertThat(GpuRoom.tolerates(toleration(null, "Exists", null, null), taint))
        .as("empty key with Exists tolerates everything")
        .isTrue();
    assertThat(GpuRoom.tolerates(toleration("other", "Exists", null, null), taint)).isFalse();

    Node soft = node("soft", 4);
    soft.getSpec().setTaints(List.of(new Taint("PreferNoSchedule", "spot", null, "true")));
    assertThat(GpuRoom.admits(soft, PLAIN)).as("a preference does not keep pods off").isTrue();
  }
}
