package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.batchprediction.BatchFixtures.batch;
import static dev.gantry.operator.batchprediction.BatchFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportFinalizerTest {
  private static final BatchSettings SETTINGS =
      new BatchSettings("gantry/inference:test", Optional.empty(), Optional.empty());

  private static Pod holding(Pod pod, String... finalizers) {
    return new PodBuilder(pod).editMetadata().withFinalizers(finalizers).endMetadata().build();
  }

  private static Pod running() {
    Pod ended = BatchFixtures.ended("nightly-shards", 1, "shard", 0, "", "2026-12-02T10:00:00Z");
    return new PodBuilder(ended).editStatus().withPhase("Running").endStatus().build();
  }

  private static Pod succeeded() {
    return BatchFixtures.ended("nightly-shards", 0, "shard", 0, "{}", "2026-12-02T10:00:00Z");
  }

  @Test
  void bothStepsPodsCarryTheFinalizer() {
    assertThat(
            BatchJobs.planJob(batch(4), model(), "plan-1", SETTINGS)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getFinalizers())
        .containsExactly(ReportFinalizer.NAME);
    assertThat(
            BatchJobs.shardJob(batch(4), model(), "plan-1", SETTINGS)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getFinalizers())
        .containsExactly(ReportFinalizer.NAME);
  }

  @Test
  void anEndedPodGoesOnlyOnceTheStoredStatusSaysWhatItSays() {
    Pod ended = holding(succeeded(), ReportFinalizer.NAME);
    Pod active = holding(running(), ReportFinalizer.NAME);
    assertThat(ReportFinalizer.releasable(List.of(ended, active), false, false)).isEmpty();
    assertThat(ReportFinalizer.releasable(List.of(ended, active), true, false))
        .containsExactly(ended);
  }

  @Test
  void onceTheBatchIsDoneEveryHoldingPodGoesAndOthersAreLeftAlone() {
    Pod active = holding(running(), ReportFinalizer.NAME);
    Pod other = holding(succeeded(), "batch.kubernetes.io/job-tracking");
    Pod none = succeeded();
    assertThat(ReportFinalizer.releasable(List.of(active, other, none), false, true))
        .containsExactly(active);
  }

  @Test
  void theRemovalTestsTheFinalizerAtItsIndexSoAChangedListIsNotHarmed() throws Exception {
    Pod pod = holding(succeeded(), "batch.kubernetes.io/job-tracking", ReportFinalizer.NAME);
    JsonNode patch = new ObjectMapper().readTree(ReportFinalizer.removal(pod));
    assertThat(patch).hasSize(2);
    assertThat(patch.get(0).get("op").asText()).isEqualTo("test");
    assertThat(patch.get(0).get("path").asText()).isEqualTo("/metadata/finalizers/1");
    assertThat(patch.get(0).get("value").asText()).isEqualTo(ReportFinalizer.NAME);
    assertThat(patch.get(1).get("op").asText()).isEqualTo("remove");
    assertThat(patch.get(1).get("path").asText()).isEqualTo("/metadata/finalizers/1");
  }
}
