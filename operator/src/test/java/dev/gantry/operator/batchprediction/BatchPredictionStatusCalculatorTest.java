package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.batchprediction.BatchFixtures.batch;
import static dev.gantry.operator.batchprediction.BatchFixtures.ended;
import static dev.gantry.operator.batchprediction.BatchFixtures.finishedJob;
import static dev.gantry.operator.batchprediction.BatchFixtures.job;
import static dev.gantry.operator.batchprediction.BatchFixtures.planReport;
import static dev.gantry.operator.batchprediction.BatchFixtures.shardReport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.batchprediction.ShardStatus;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchPredictionStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:01:00Z");
  private static final String PLAN = "nightly-plan";
  private static final String SHARDS = "nightly-shards";

  private static Observed observed(Optional<Job> plan, Optional<Job> shards, List<Pod> pods) {
    return new Observed(
        Optional.of("fraud-3"),
        BatchFixtures.SHA,
        BatchPredictionReasons.PINNED,
        "ModelVersion fraud-3 scores this batch",
        plan,
        shards,
        pods,
        Optional.empty());
  }

  private static Condition condition(BatchPredictionStatus s, String type) {
    return Conditions.find(s.conditions, type).orElseThrow();
  }

  private static Job plannedJob() {
    return finishedJob(PLAN, "Complete", null, "2026-12-02T10:00:05Z");
  }

  private static Pod planPod() {
    return ended(PLAN, -1, BatchJobs.PLAN_CONTAINER, 0, planReport(1000), "2026-12-02T10:00:01Z");
  }

  @Test
  void waitsForAModelThatIsNotValidatedYet() {
    Observed o =
        new Observed(
            Optional.empty(),
            null,
            "ModelNotValidated",
            "ModelVersion fraud-3 is not validated (is Validating)",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());
    BatchPredictionStatus s = BatchPredictionStatusCalculator.calculate(batch(4), o, NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Pending);
    assertThat(condition(s, "ModelResolved").getReason()).isEqualTo("ModelNotValidated");
    assertThat(s.observedGeneration).isEqualTo(1L);
  }

  @Test
  void aRejectedModelFailsTheBatch() {
    Observed o =
        new Observed(
            Optional.empty(),
            null,
            BatchPredictionReasons.MODEL_REJECTED,
            "ModelVersion fraud-3 is not validated (is Rejected: accuracy 0.6 < 0.9)",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty());
    BatchPredictionStatus s = BatchPredictionStatusCalculator.calculate(batch(4), o, NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Failed);
    assertThat(condition(s, "Complete").getMessage()).contains("accuracy 0.6 < 0.9");
    assertThat(s.completionTime).isEqualTo("2026-12-02T10:01:00Z");
  }

  @Test
  void aFailedPlanFailsTheBatchWithTheImagesReasonBeforeAnyShard() {
    Job failed = finishedJob(PLAN, "Failed", "PodFailurePolicy", "2026-12-02T10:00:05Z");
    Pod pod =
        ended(
            PLAN,
            -1,
            BatchJobs.PLAN_CONTAINER,
            3,
            "{\"step\":\"plan\",\"ok\":false,\"reason\":\"InputNotFound\",\"message\":\"pvc://datasets/accounts.csv does not exist\"}",
            "2026-12-02T10:00:01Z");
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            batch(4), observed(Optional.of(failed), Optional.empty(), List.of(pod)), NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Failed);
    assertThat(condition(s, "Complete").getReason()).isEqualTo("PlanFailed");
    assertThat(condition(s, "Complete").getMessage())
        .isEqualTo("the plan failed: InputNotFound: pvc://datasets/accounts.csv does not exist");
    assertThat(s.rowsTotal).isNull();
    assertThat(s.shards).isNull();
  }

  @Test
  void aSucceededPlanGivesTheTotalAndAsksForTheShards() {
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            batch(4),
            observed(Optional.of(plannedJob()), Optional.empty(), List.of(planPod())),
            NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Running);
    assertThat(s.rowsTotal).isEqualTo(1000);
    assertThat(condition(s, "Planned").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Planned").getMessage())
        .isEqualTo("1000 rows in 2 file(s), split into 4 shard(s)");
  }

  @Test
  void countsFinishedShardsAndShowsRunningRetriedAndPendingOnes() {
    Job shards = job(SHARDS, "2026-12-02T10:00:10Z");
    shards.getStatus().setCompletedIndexes("0,2");
    List<Pod> pods = new ArrayList<>(List.of(planPod()));
    pods.add(
        ended(
            SHARDS,
            0,
            BatchJobs.SHARD_CONTAINER,
            0,
            shardReport(0, 250, 248, 2),
            "2026-12-02T10:00:11Z"));
    pods.add(
        ended(
            SHARDS,
            2,
            BatchJobs.SHARD_CONTAINER,
            0,
            shardReport(2, 250, 250, 0),
            "2026-12-02T10:00:11Z"));
    pods.add(ended(SHARDS, 1, BatchJobs.SHARD_CONTAINER, 137, "", "2026-12-02T10:00:11Z"));
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            batch(4), observed(Optional.of(plannedJob()), Optional.of(shards), pods), NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Running);
    assertThat(s.shardsDone).isEqualTo("2/4");
    assertThat(s.rowsDone).isEqualTo(500);
    assertThat(s.rowsInvalid).isEqualTo(2);
    assertThat(s.shards)
        .extracting(x -> x.index + ":" + x.state)
        .containsExactly("0:Succeeded", "1:Running", "2:Succeeded", "3:Pending");
    assertThat(s.shards.get(1).message).isEqualTo("exit code 137");
    assertThat(s.shards.get(0).sha256).isEqualTo(BatchFixtures.SHA);
    // 500 rows between the Job's start (10:00:10) and the last finished shard (10:00:30).
    assertThat(s.rowsPerSecond).isEqualTo("25");
  }

  @Test
  void succeedsWhenTheJobCompletesAndKeepsNumbersOfPodsThatAreGone() {
    BatchPrediction bp = batch(2);
    BatchPredictionStatus before = new BatchPredictionStatus();
    before.rowsTotal = 1000L;
    ShardStatus kept = new ShardStatus(0, "Succeeded");
    kept.rows = 500L;
    kept.predicted = 500L;
    kept.invalid = 0L;
    before.shards = List.of(kept);
    bp.setStatus(before);
    Job shards = finishedJob(SHARDS, "Complete", null, "2026-12-02T10:00:40Z");
    shards.getStatus().setCompletedIndexes("0-1");
    List<Pod> pods =
        List.of(
            ended(
                SHARDS,
                1,
                BatchJobs.SHARD_CONTAINER,
                0,
                shardReport(1, 500, 499, 1),
                "2026-12-02T10:00:12Z"));
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            bp, observed(Optional.of(plannedJob()), Optional.of(shards), pods), NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Succeeded);
    assertThat(s.rowsDone).isEqualTo(1000);
    assertThat(s.rowsInvalid).isEqualTo(1);
    assertThat(condition(s, "Complete").getMessage())
        .isEqualTo(
            "1000 of 1000 rows done (1 invalid) in 2 shard(s), written to pvc://scores/nightly");
  }

  @Test
  void waitsForReportsOfAJustCompletedJob() {
    Job shards = finishedJob(SHARDS, "Complete", null, "2026-12-02T10:00:50Z");
    shards.getStatus().setCompletedIndexes("0-1");
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            batch(2),
            observed(Optional.of(plannedJob()), Optional.of(shards), List.of(planPod())),
            NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Running);
    assertThat(condition(s, "Complete").getReason()).isEqualTo("ReadingReports");
  }

  @Test
  void aShardThatCannotBeMendedFailsTheBatchWithItsReason() {
    Job shards = finishedJob(SHARDS, "Failed", "MaxFailedIndexesExceeded", "2026-12-02T10:00:40Z");
    shards.getStatus().setCompletedIndexes("0");
    shards.getStatus().setFailedIndexes("1");
    List<Pod> pods =
        List.of(
            planPod(),
            ended(
                SHARDS,
                1,
                BatchJobs.SHARD_CONTAINER,
                3,
                "{\"step\":\"shard\",\"ok\":false,\"shard\":1,\"reason\":\"InvalidRows\",\"message\":\"row 17: column 'amount': 'abc' is not a number\"}",
                "2026-12-02T10:00:12Z"));
    BatchPredictionStatus s =
        BatchPredictionStatusCalculator.calculate(
            batch(2), observed(Optional.of(plannedJob()), Optional.of(shards), pods), NOW);
    assertThat(s.phase).isEqualTo(BatchPredictionPhase.Failed);
    assertThat(condition(s, "Complete").getReason()).isEqualTo("ShardFailed");
    assertThat(condition(s, "Complete").getMessage())
        .isEqualTo(
            "shard 1: InvalidRows: row 17: column 'amount': 'abc' is not a number (1/2 shards done)");
  }
}
