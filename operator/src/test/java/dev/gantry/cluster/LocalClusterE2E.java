package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local cluster every E2E test stands on behaves like a GPU cluster: the real scheduler places
 * GPU pods by nvidia.com/gpu capacity, and the real Job controller finishes Jobs.
 */
class LocalClusterE2E {
  private static final String NAMESPACE = "local-cluster-e2e";
  private static final KubernetesClient CLIENT = LocalCluster.client();

  @BeforeAll
  static void namespace() {
    CLIENT
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  /** The never-schedulable pod would otherwise count as waiting GPU work in later tests. */
  @AfterAll
  static void removeNamespace() {
    CLIENT.pods().inNamespace(NAMESPACE).withGracePeriod(0).delete();
    CLIENT.namespaces().withName(NAMESPACE).delete();
  }

  @Test
  void hasTwoReadyNodesWithFourGpusEach() {
    // Only the GPU nodes: on kind (scripts/kind-cluster) a real node runs beside them.
    List<Node> nodes = CLIENT.nodes().withLabel("nvidia.com/gpu.present", "true").list().getItems();
    assertThat(nodes).hasSize(2);
    assertThat(nodes)
        .allSatisfy(
            node -> {
              assertThat(node.getStatus().getAllocatable())
                  .containsEntry("nvidia.com/gpu", new Quantity("4"));
              assertThat(node.getStatus().getConditions())
                  .anySatisfy(
                      c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
            });
  }

  @Test
  void schedulesAnIndexedGpuJobOntoGpuNodesAndCompletesIt() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("two-gpu-ranks")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withCompletionMode("Indexed")
            .withCompletions(2)
            .withParallelism(2)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("trainer")
            .withImage("gantry/training:0.1.0")
            .withNewResources()
            .withLimits(Map.of("nvidia.com/gpu", new Quantity("1")))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    CLIENT.resource(job).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        CLIENT
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(NAMESPACE)
                            .withName("two-gpu-ranks")
                            .get()
                            .getStatus()
                            .getSucceeded())
                    .isEqualTo(2));
    List<Pod> pods =
        CLIENT
            .pods()
            .inNamespace(NAMESPACE)
            .withLabel("job-name", "two-gpu-ranks")
            .list()
            .getItems();
    assertThat(pods)
        .extracting(p -> p.getSpec().getNodeName())
        .allMatch(n -> n.startsWith("gpu-node-"));
  }

  @Test
  void leavesAPodAskingForMoreGpusThanAnyNodeHasPendingWithTheSchedulersReason() {
    Pod greedy =
        new PodBuilder()
            .withNewMetadata()
            .withName("five-gpus")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("trainer")
            .withImage("gantry/training:0.1.0")
            .withNewResources()
            .withLimits(Map.of("nvidia.com/gpu", new Quantity("5")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    CLIENT.resource(greedy).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Pod pod = CLIENT.pods().inNamespace(NAMESPACE).withName("five-gpus").get();
              assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
              assertThat(pod.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("PodScheduled");
                        assertThat(c.getReason()).isEqualTo("Unschedulable");
                        assertThat(c.getMessage()).contains("Insufficient nvidia.com/gpu");
                      });
            });
  }
}
