package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobs.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.modelversion.GoldenSet;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ValidationSpec;
import dev.gantry.contract.TrainingResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelVersionResourcesTest {
  private static final TrainingResult RESULT =
      new TrainingResult(
          "pvc://models/fraud/fraud-train/model.onnx",
          "5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4",
          Map.of("auc", 0.9787, "epochs", 20.0, "tiny", 1.0e-7),
          "pvc://models/fraud/fraud-train/baseline.json",
          "onnx");

  @Test
  void modelVersionIsNamedAfterTheModelAndItsNumberAndNotOwnedByTheJob() {
    ModelVersion mv =
        ModelVersionResources.modelVersion(
            trainingJob("fraud-train", 2), RESULT, "img@sha256:1", 7);

    assertThat(mv.getMetadata().getName()).isEqualTo("fraud-7");
    assertThat(mv.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(mv.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(mv.getMetadata().getLabels())
        .containsEntry("gantry.dev/trainingjob", "fraud-train")
        .containsEntry("gantry.dev/model", "fraud");
    assertThat(mv.getSpec().modelName).isEqualTo("fraud");
    assertThat(mv.getSpec().version).isEqualTo("7");
  }

  @Test
  void modelVersionCarriesArtifactMetricsBaselineAndProvenance() {
    ModelVersion mv =
        ModelVersionResources.modelVersion(
            trainingJob("fraud-train", 2), RESULT, "img@sha256:1", 7);

    assertThat(mv.getSpec().storageUri).isEqualTo(RESULT.artifactUri());
    assertThat(mv.getSpec().sha256).isEqualTo(RESULT.sha256());
    assertThat(mv.getSpec().metrics)
        .containsEntry("auc", "0.9787")
        .containsEntry("epochs", "20")
        .as("no exponent: the API wants plain decimals")
        .containsEntry("tiny", "0.0000001");
    assertThat(mv.getSpec().baseline.storageUri).isEqualTo(RESULT.baselineUri());
    assertThat(mv.getSpec().source.trainingJob).isEqualTo("fraud-train");
    assertThat(mv.getSpec().source.image).isEqualTo("img@sha256:1");
    assertThat(mv.getSpec().source.datasetUri).isEqualTo("pvc://datasets/fraud/2026-11.csv");
    assertThat(mv.getSpec().source.datasetVersion).isEqualTo("2026-11");
    assertThat(mv.getSpec().source.hyperparameters).containsEntry("learningRate", "0.05");
  }

  @Test
  void theRegisteredVersionIsValidatedAsTheJobAsks() {
    var job = trainingJob("fraud-train", 2);
    assertThat(ModelVersionResources.modelVersion(job, RESULT, "img", 7).getSpec().validation)
        .isNull();

    job.getSpec().output.validation = new ValidationSpec();
    job.getSpec().output.validation.goldenSet = new GoldenSet();
    job.getSpec().output.validation.goldenSet.storageUri = "pvc://datasets/fraud/golden.csv";
    job.getSpec().output.validation.goldenSet.labelColumn = "is_fraud";
    ModelVersion mv = ModelVersionResources.modelVersion(job, RESULT, "img", 7);
    assertThat(mv.getSpec().validation.goldenSet.storageUri)
        .isEqualTo("pvc://datasets/fraud/golden.csv");
    assertThat(mv.getSpec().validation.goldenSet.labelColumn).isEqualTo("is_fraud");
  }

  @Test
  void imageDigestComesFromThePodsImageId() {
    assertThat(
            RankZeroOutput.imageByDigest(
                "docker-pullable://registry.example.com/trainer@sha256:abc", "trainer:1.4"))
        .isEqualTo("registry.example.com/trainer@sha256:abc");
    assertThat(RankZeroOutput.imageByDigest("docker.io/library/trainer@sha256:abc", "trainer:1.4"))
        .isEqualTo("docker.io/library/trainer@sha256:abc");
    assertThat(RankZeroOutput.imageByDigest("", "trainer:1.4")).isEqualTo("trainer:1.4");
    assertThat(RankZeroOutput.imageByDigest(null, "trainer:1.4")).isEqualTo("trainer:1.4");
  }

  @Test
  void rankZeroOutputIsReadOnlyFromItsSucceededPod() {
    var rankOne = pod("1", "Succeeded");
    var rankZeroRunning = pod("0", "Running");

    assertThat(RankZeroOutput.find(List.of(), "img")).isInstanceOf(RankZeroOutput.Gone.class);
    assertThat(RankZeroOutput.find(List.of(rankOne), "img"))
        .isInstanceOf(RankZeroOutput.Gone.class);
    assertThat(RankZeroOutput.find(List.of(rankOne, rankZeroRunning), "img"))
        .isInstanceOf(RankZeroOutput.NotYetVisible.class);
    assertThat(RankZeroOutput.find(List.of(rankOne, pod("0", "Succeeded")), "img"))
        .isEqualTo(new RankZeroOutput.Found(new RankZeroOutput("{}", "img")));
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String index, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("fraud-train-" + index)
        .addToAnnotations("batch.kubernetes.io/job-completion-index", index)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .addNewContainerStatus()
        .withName("trainer")
        .withNewState()
        .withNewTerminated()
        .withExitCode(0)
        .withMessage("{}")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
