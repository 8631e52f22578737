package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingGpuDemandTest {
  private static final String GPU = "nvidia.com/gpu";

  static Pod pending(String ns, String name, String owner, int gpus, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addNewOwnerReference()
        .withName(owner)
        .withKind("Job")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withPriority(5)
        .addNewContainer()
        .withName("c")
        .withNewResources()
        .withLimits(Map.of(GPU, new Quantity(String.valueOf(gpus))))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(message)
        .withLastTransitionTime("2026-11-22T10:00:00Z")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void groupsPodsThatLackGpusByWorkload() {
    String lack = "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.";
    List<WaitingWork> work =
        PendingGpuDemand.of(
            List.of(
                pending("team-b", "big-0", "big", 2, lack),
                pending("team-b", "big-1", "big", 2, lack),
                pending("team-c", "small-0", "small", 1, lack)),
            GPU,
            8);
    assertThat(work)
        .extracting(WaitingWork::ref)
        .containsExactlyInAnyOrder("team-b/big", "team-c/small");
    assertThat(work.stream().filter(w -> w.name().equals("big")).findFirst().orElseThrow().gpus())
        .isEqualTo(4);
    assertThat(PendingGpuDemand.gpusByNamespace(work))
        .containsEntry("team-b", 4)
        .containsEntry("team-c", 1);
  }

  @Test
  void ignoresPodsUnschedulableForOtherReasonsWithoutGpusOrLargerThanAnyNode() {
    assertThat(
            PendingGpuDemand.of(
                List.of(
                    pending(
                        "t",
                        "p",
                        "o",
                        2,
                        "0/2 nodes are available: 2 node(s) didn't match"
                            + " Pod's node affinity/selector."),
                    pending("t", "q", "o", 0, "0/2 nodes are available: 2 Insufficient cpu."),
                    pending(
                        "t",
                        "huge",
                        "huge",
                        5,
                        "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.")),
                GPU,
                4))
        .isEmpty();
  }
}
