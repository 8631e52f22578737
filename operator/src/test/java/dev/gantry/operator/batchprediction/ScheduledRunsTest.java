package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.batchprediction.ConcurrencyPolicy;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduledRunsTest {
  private static final Instant FIRING = Instant.parse("2026-11-22T03:00:00Z");

  private static BatchPrediction parent(String name) {
    BatchPrediction bp = BatchFixtures.batch(4);
    bp.getMetadata().setName(name);
    bp.getSpec().schedule = "0 3 * * *";
    bp.getSpec().suspend = false;
    bp.getSpec().concurrencyPolicy = ConcurrencyPolicy.Forbid;
    bp.getSpec().successfulRunsHistoryLimit = 5;
    bp.getSpec().failedRunsHistoryLimit = 2;
    return bp;
  }

  @Test
  void aRunIsNamedAfterItsFiringInUtc() {
    assertThat(ScheduledRuns.runName("nightly", FIRING)).isEqualTo("nightly-202611220300");
    assertThat(ScheduledRuns.runName("nightly", Instant.parse("2026-11-22T03:00:59.9Z")))
        .isEqualTo("nightly-202611220300");
  }

  @Test
  void aLongParentsRunsFitSoTheirJobsKeepTheFiringTimeWithin63() {
    String parent = "fraud-scores-for-the-european-card-accounts-nightly-full-batch";
    BatchPrediction run = ScheduledRuns.run(parent(parent), FIRING);
    BatchPrediction next = ScheduledRuns.run(parent(parent), FIRING.plusSeconds(86_400));

    String name = run.getMetadata().getName();
    assertThat(name).hasSizeLessThanOrEqualTo(56).endsWith("-202611220300");
    assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(BatchJobs.shardJobName(run)).hasSizeLessThanOrEqualTo(63).endsWith("0300-shards");
    assertThat(BatchJobs.planJobName(run)).isNotEqualTo(BatchJobs.planJobName(next));
    // Two long parents that share the kept prefix still get distinct runs.
    String sibling = parent.replace("full-batch", "delta-batch");
    assertThat(ScheduledRuns.runName(sibling, FIRING)).isNotEqualTo(name);
  }

  @Test
  void aRunCarriesTheDataSpecWithoutTheSchedulesFields() {
    BatchPrediction parent = parent("nightly");

    BatchPrediction run = ScheduledRuns.run(parent, FIRING);

    assertThat(run.getSpec().schedule).isNull();
    assertThat(run.getSpec().suspend).isNull();
    assertThat(run.getSpec().concurrencyPolicy).isNull();
    assertThat(run.getSpec().successfulRunsHistoryLimit).isNull();
    assertThat(run.getSpec().failedRunsHistoryLimit).isNull();
    assertThat(run.getSpec().modelVersion).isEqualTo("fraud-3");
    assertThat(run.getSpec().inputs)
        .extracting(i -> i.uri)
        .containsExactly("pvc://datasets/accounts.csv", "s3://bucket/more.csv");
    assertThat(run.getSpec().shards).isEqualTo(4);
    // A copy: the run's spec is not the parent's.
    assertThat(parent.getSpec().schedule).isEqualTo("0 3 * * *");
    assertThat(parent.getSpec().output.uri).isEqualTo("pvc://scores/nightly");
  }

  @Test
  void eachRunWritesUnderItsOwnFolderOfTheOutput() {
    assertThat(ScheduledRuns.run(parent("nightly"), FIRING).getSpec().output.uri)
        .isEqualTo("pvc://scores/nightly/202611220300");
    assertThat(ScheduledRuns.runOutputUri("s3://bucket/scores/", FIRING))
        .isEqualTo("s3://bucket/scores/202611220300");
    assertThat(ScheduledRuns.runOutputUri("s3://bucket", FIRING.plusSeconds(60)))
        .isEqualTo("s3://bucket/202611220301");
  }

  @Test
  void aRunIsOwnedAndLabelledByItsParentAndSaysItsFiring() {
    BatchPrediction run = ScheduledRuns.run(parent("nightly"), FIRING);

    assertThat(run.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(run.getMetadata().getLabels())
        .containsEntry(Labels.BATCH_SCHEDULE, "nightly")
        .containsEntry(Labels.MANAGED_BY, "gantry");
    assertThat(run.getMetadata().getAnnotations())
        .isEqualTo(Map.of(ScheduledRuns.SCHEDULED_AT, "2026-11-22T03:00:00Z"));
    var owner = run.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getUid()).isEqualTo("uid-1");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getKind()).isEqualTo("BatchPrediction");
  }

  @Test
  void theRunsOfAParentAreTheChildrenItControlsInFiringOrder() {
    BatchPrediction parent = parent("nightly");
    BatchPrediction second = ScheduledRuns.run(parent, FIRING.plusSeconds(86_400));
    second.setStatus(new BatchPredictionStatus());
    second.getStatus().phase = BatchPredictionPhase.Running;
    BatchPrediction first = ScheduledRuns.run(parent, FIRING);
    BatchPrediction stranger = ScheduledRuns.run(parent, FIRING.plusSeconds(60));
    stranger
        .getMetadata()
        .setOwnerReferences(
            List.of(new OwnerReferenceBuilder().withUid("uid-old").withController(true).build()));
    BatchPrediction unannotated = ScheduledRuns.run(parent, FIRING.plusSeconds(120));
    unannotated.getMetadata().setAnnotations(Map.of());

    List<RunSchedule.Run> runs =
        ScheduledRuns.runsOf(parent, List.of(second, stranger, first, unannotated));

    assertThat(runs)
        .containsExactly(
            new RunSchedule.Run("nightly-202611220300", FIRING, null, null),
            new RunSchedule.Run(
                "nightly-202611230300",
                FIRING.plusSeconds(86_400),
                BatchPredictionPhase.Running,
                null));
  }
}
