package dev.gantry.operator.batchprediction;

import dev.gantry.api.v1alpha1.batchprediction.BatchInput;
import dev.gantry.api.v1alpha1.batchprediction.BatchOutput;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/** BatchPredictions, ModelVersions, Jobs and pods as the API server would hold them. */
final class BatchFixtures {
  static final String SHA = "a".repeat(64);

  private BatchFixtures() {}

  static BatchPrediction batch(int shards) {
    BatchPrediction bp = new BatchPrediction();
    bp.setMetadata(
        new ObjectMetaBuilder()
            .withName("nightly")
            .withNamespace("ml")
            .withUid("uid-1")
            .withGeneration(1L)
            .build());
    BatchPredictionSpec spec = new BatchPredictionSpec();
    spec.modelVersion = "fraud-3";
    BatchInput a = new BatchInput();
    a.uri = "pvc://datasets/accounts.csv";
    BatchInput b = new BatchInput();
    b.uri = "s3://bucket/more.csv";
    spec.inputs = List.of(a, b);
    spec.output = new BatchOutput();
    spec.output.uri = "pvc://scores/nightly";
    spec.shards = shards;
    spec.parallelism = 2;
    bp.setSpec(spec);
    return bp;
  }

  static ModelVersion model() {
    ModelVersion mv = new ModelVersion();
    mv.setMetadata(new ObjectMetaBuilder().withName("fraud-3").withNamespace("ml").build());
    ModelVersionSpec spec = new ModelVersionSpec();
    spec.modelName = "fraud";
    spec.version = "3";
    spec.storageUri = "pvc://models/fraud/3/model.onnx";
    spec.sha256 = SHA;
    mv.setSpec(spec);
    return mv;
  }

  static Job job(String name, String startTime) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ml")
        .withCreationTimestamp("2026-12-02T10:00:00Z")
        .endMetadata()
        .withNewStatus()
        .withStartTime(startTime)
        .endStatus()
        .build();
  }

  static Job finishedJob(String name, String type, String reason, String at) {
    Job job = job(name, "2026-12-02T10:00:10Z");
    job.getStatus()
        .setConditions(
            List.of(
                new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withLastTransitionTime(at)
                    .build()));
    return job;
  }

  /** An ended pod of {@code job}; index -1 for the plan. */
  static Pod ended(
      String job, int index, String container, int exit, String message, String created) {
    Map<String, String> labels =
        index < 0
            ? Map.of(StepReports.JOB_NAME_LABEL, job, Labels.BATCH_PREDICTION, "nightly")
            : Map.of(
                StepReports.JOB_NAME_LABEL,
                job,
                Labels.BATCH_PREDICTION,
                "nightly",
                Labels.JOB_COMPLETION_INDEX,
                Integer.toString(index));
    return new PodBuilder()
        .withNewMetadata()
        .withName(job + "-" + index + "-" + created.hashCode())
        .withNamespace("ml")
        .withLabels(labels)
        .withCreationTimestamp(created)
        .endMetadata()
        .withNewStatus()
        .withPhase(exit == 0 ? "Succeeded" : "Failed")
        .addNewContainerStatus()
        .withName(container)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exit)
        .withMessage(message)
        .withFinishedAt("2026-12-02T10:00:30Z")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  static String planReport(long rows) {
    return "{\"step\":\"plan\",\"ok\":true,\"totalRows\":" + rows + ",\"seconds\":0.4}";
  }

  static String shardReport(int shard, long rows, long predicted, long invalid) {
    return "{\"step\":\"shard\",\"ok\":true,\"shard\":"
        + shard
        + ",\"totalRows\":"
        + rows
        + ",\"predicted\":"
        + predicted
        + ",\"invalid\":"
        + invalid
        + ",\"seconds\":1.5,\"sha256\":\""
        + SHA
        + "\",\"reused\":false}";
  }
}
