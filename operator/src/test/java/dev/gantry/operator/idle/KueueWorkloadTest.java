package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Workloads as Kueue v0.17 writes them (kueue.x-k8s.io/v1beta2), the fields the reclaimer reads.
 */
class KueueWorkloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GPU = "nvidia.com/gpu";

  static JsonNode workload(String name, String job, String quotaStatus, String message) {
    String admission =
        "True".equals(quotaStatus) ? ",\"admission\":{\"clusterQueue\":\"gpu-cq\"}" : "";
    String text =
        """
        {"apiVersion":"kueue.x-k8s.io/v1beta2","kind":"Workload",
         "metadata":{"namespace":"team-a","name":"%1$s","creationTimestamp":"2026-12-03T10:00:00Z",
           "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"%2$s",
             "uid":"uid-%2$s","controller":true}]},
         "spec":{"queueName":"team","priority":3,"active":true,
           "podSets":[{"name":"main","count":2,"template":{"spec":{"containers":[
             {"name":"trainer","resources":{"requests":{"cpu":"1","nvidia.com/gpu":"2"},
                                            "limits":{"nvidia.com/gpu":"2"}}},
             {"name":"sidecar","resources":{"requests":{"cpu":"100m"}}}]}}}]},
         "status":{"conditions":[{"type":"QuotaReserved","status":"%3$s","reason":"Pending",
             "message":"%4$s","lastTransitionTime":"2026-12-03T10:00:05Z"}]%5$s}}
        """
            .formatted(name, job, quotaStatus, message, admission);
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static final String LACKS_GPU_QUOTA =
      "couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in"
          + " flavor gpu, 4 more needed";

  @Test
  void aWorkloadWaitingForGpuQuotaIsWaitingWorkOfItsQueuesPool() {
    KueueWorkload w =
        KueueWorkload.of(workload("job-waiter-1a2b3", "waiter", "False", LACKS_GPU_QUOTA), GPU);

    assertThat(w.owner()).isEqualTo("waiter");
    assertThat(w.ownerUid()).isEqualTo("uid-waiter");
    assertThat(w.gpus()).as("2 pods x 2 GPUs").isEqualTo(4);
    assertThat(w.priority()).isEqualTo(3);
    assertThat(w.admittedTo()).isEmpty();
    assertThat(w.waitingForGpuQuota()).isTrue();
    assertThat(w.since()).isEqualTo(Instant.parse("2026-12-03T10:00:05Z"));

    KueueView view = new KueueView(List.of(w), Map.of("team-a/team", "gpu-cq"), Map.of());
    assertThat(view.waiting())
        .containsExactly(
            new WaitingWork(
                "team-a", "waiter", 4, 3, w.since(), Optional.of("clusterqueue/gpu-cq")));
    KueueView cohort =
        new KueueView(List.of(w), Map.of("team-a/team", "gpu-cq"), Map.of("gpu-cq", "lab"));
    assertThat(cohort.waiting().get(0).quotaPool()).contains("cohort/lab");
  }

  @Test
  void onlyALackOfUnusedGpuQuotaCountsAsWaiting() {
    String tooBig =
        "couldn't assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor"
            + " gpu, request > maximum capacity (16 > 4)";
    String cpu =
        "couldn't assign flavors to pod set main: insufficient unused quota for cpu in flavor"
            + " gpu, 1 more needed";
    for (String message : List.of(tooBig, cpu, "LocalQueue team doesn't exist")) {
      assertThat(KueueWorkload.of(workload("w", "j", "False", message), GPU).waitingForGpuQuota())
          .as(message)
          .isFalse();
    }
    KueueWorkload admitted = KueueWorkload.of(workload("w", "j", "True", "Quota reserved"), GPU);
    assertThat(admitted.waitingForGpuQuota()).isFalse();
    assertThat(admitted.admittedTo()).contains("gpu-cq");
  }

  @Test
  void aDeactivatedOrUnqueuedWorkloadWaitsForNothing() {
    JsonNode off = workload("w", "j", "False", LACKS_GPU_QUOTA);
    ((com.fasterxml.jackson.databind.node.ObjectNode) off.path("spec")).put("active", false);
    KueueWorkload inactive = KueueWorkload.of(off, GPU);
    KueueWorkload noQueue = KueueWorkload.of(workload("x", "k", "False", LACKS_GPU_QUOTA), GPU);

    assertThat(inactive.active()).isFalse();
    assertThat(
            new KueueView(List.of(inactive), Map.of("team-a/team", "gpu-cq"), Map.of()).waiting())
        .isEmpty();
    assertThat(new KueueView(List.of(noQueue), Map.of(), Map.of()).waiting())
        .as("its LocalQueue is unknown")
        .isEmpty();
  }
}
