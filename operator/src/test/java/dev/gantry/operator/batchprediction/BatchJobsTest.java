package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.batchprediction.BatchFixtures.batch;
import static dev.gantry.operator.batchprediction.BatchFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.contract.BatchReport;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatchJobsTest {
  private static final BatchSettings SETTINGS =
      new BatchSettings("gantry/inference:test", Optional.of("storage-creds"), Optional.empty());

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void theShardJobIsIndexedWithOneCompletionPerShardAndRetriesPerIndex() {
    Job job = BatchJobs.shardJob(batch(4), model(), "plan-1", SETTINGS);
    assertThat(job.getMetadata().getName()).isEqualTo("nightly-shards");
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(4);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(2);
    assertThat(job.getSpec().getMaxFailedIndexes()).isZero();
    assertThat(job.getSpec().getBackoffLimit()).isNull();
    assertThat(job.getSpec().getPodFailurePolicy().getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getAction()).isEqualTo("FailIndex");
              assertThat(r.getOnExitCodes().getValues())
                  .containsExactly(BatchReport.EXIT_PERMANENT);
            });
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsExactly("predict", "shard");
    assertThat(env(c))
        .containsEntry("GANTRY_PREDICT_INPUTS", "pvc://datasets/accounts.csv,s3://bucket/more.csv")
        .containsEntry("GANTRY_PREDICT_OUTPUT_URI", "pvc://scores/nightly")
        .containsEntry("GANTRY_PREDICT_SHARDS", "4")
        .containsEntry("GANTRY_PREDICT_PLAN_ID", "plan-1")
        .containsEntry("GANTRY_MODEL_URI", "pvc://models/fraud/3/model.onnx")
        .containsEntry("GANTRY_MODEL_SHA256", BatchFixtures.SHA)
        .containsEntry("GANTRY_PREDICT_ON_INVALID_ROW", "Skip");
    assertThat(c.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("storage-creds");
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void theOutputClaimIsMountedWritableAndTheInputsReadOnly() {
    Job job = BatchJobs.shardJob(batch(4), model(), "plan-1", SETTINGS);
    Map<String, Boolean> claims =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getPersistentVolumeClaim() != null)
            .collect(
                Collectors.toMap(
                    v -> v.getPersistentVolumeClaim().getClaimName(),
                    (Volume v) -> v.getPersistentVolumeClaim().getReadOnly()));
    assertThat(claims).containsEntry("datasets", true).containsEntry("scores", false);
    assertThat(claims).containsEntry("models", true);
  }

  @Test
  void anOutputOnTheInputsClaimIsWritable() {
    BatchPrediction bp = batch(2);
    bp.getSpec().output.uri = "pvc://datasets/scores";
    Job job = BatchJobs.planJob(bp, model(), "plan-1", SETTINGS);
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(
            v ->
                v.getPersistentVolumeClaim().getClaimName()
                    + ":"
                    + v.getPersistentVolumeClaim().getReadOnly())
        .containsExactlyInAnyOrder("datasets:false", "models:true");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("predict", "plan");
  }

  @Test
  void shardsDefaultToParallelism() {
    BatchPrediction bp = batch(4);
    bp.getSpec().shards = null;
    bp.getSpec().parallelism = 3;
    assertThat(BatchJobs.shardCount(bp.getSpec())).isEqualTo(3);
  }

  @Test
  void thePlanIdChangesWithTheObjectTheSpecAndTheModel() {
    BatchPrediction bp = batch(4);
    String id = BatchJobs.planId(bp, BatchFixtures.SHA);
    assertThat(BatchJobs.planId(batch(4), BatchFixtures.SHA)).isEqualTo(id);
    assertThat(BatchJobs.planId(batch(5), BatchFixtures.SHA)).isNotEqualTo(id);
    assertThat(BatchJobs.planId(bp, "b".repeat(64))).isNotEqualTo(id);
    BatchPrediction recreated = batch(4);
    recreated.getMetadata().setUid("uid-2");
    assertThat(BatchJobs.planId(recreated, BatchFixtures.SHA)).isNotEqualTo(id);
  }

  @Test
  void longNamesFitTheJobNameLabel() {
    BatchPrediction bp = batch(1);
    bp.getMetadata().setName("n".repeat(63));
    assertThat(BatchJobs.shardJobName(bp)).hasSize(63).endsWith("-shards");
    assertThat(BatchJobs.planJobName(bp)).hasSize(63).endsWith("-plan");
  }
}
