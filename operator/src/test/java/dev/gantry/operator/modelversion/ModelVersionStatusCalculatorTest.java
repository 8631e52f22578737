package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionStatus;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** From a validation Job's pod to phase and conditions, and back from status alone. */
class ModelVersionStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static Job job(String name, String finished) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName(name).endMetadata();
    if (finished != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(finished)
          .withStatus("True")
          .withLastTransitionTime(NOW.minusSeconds(5).toString())
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  private static Pod pod(String job, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(job + "-abcde")
        .addToLabels("batch.kubernetes.io/job-name", job)
        .endMetadata()
        .withNewStatus()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("validate")
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withMessage(message)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  private static ModelVersionStatus afterJob(ModelVersion mv, String finished, String message) {
    String name = ValidationJobResources.jobName(mv);
    ValidationOutcome outcome =
        ValidationObserver.observe(
            mv,
            name,
            Optional.of(job(name, finished)),
            message == null ? List.of() : List.of(pod(name, message)),
            NOW);
    return calculate(mv, outcome, List.of(), List.of());
  }

  private static ModelVersionStatus calculate(
      ModelVersion mv, ValidationOutcome outcome, List<String> heldAliases, List<String> servedBy) {
    return ModelVersionStatusCalculator.calculate(
        mv,
        new ModelVersionStatusCalculator.Observed(
            SpecProblems.metrics(mv.getSpec()),
            Optional.of(outcome),
            SpecProblems.aliases(mv.getSpec()),
            heldAliases,
            servedBy,
            mv.getMetadata().getDeletionTimestamp() != null),
        NOW);
  }

  private static Condition condition(ModelVersionStatus status, String type) {
    return Conditions.find(status.conditions, type).orElseThrow();
  }

  @Test
  void runningJobMeansValidating() {
    ModelVersionStatus status = afterJob(modelVersion("7"), null, null);
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Validating);
    assertThat(condition(status, "ArtifactVerified").getStatus()).isEqualTo("Unknown");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Validating");
    assertThat(status.validationJob).startsWith("fraud-7-validate-");
    assertThat(status.observedGeneration).isEqualTo(1L);
  }

  @Test
  void passingReportAndGatesMeanReady() {
    ModelVersionStatus status =
        afterJob(modelVersion("7"), "Complete", ModelVersions.report(0.98, 0.94));
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Ready);
    assertThat(condition(status, "ArtifactVerified").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Validated").getReason()).isEqualTo("GatesPassed");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(status.validationMetrics)
        .containsEntry("auc", "0.98")
        .containsEntry("accuracy", "0.94")
        .containsEntry("rows", "300");
  }

  @Test
  void failingGateMeansRejectedWithTheGateInTheMessage() {
    ModelVersion mv = modelVersion("7");
    ModelVersionStatus status = afterJob(mv, "Complete", ModelVersions.report(0.81, 0.94));
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Rejected);
    assertThat(condition(status, "Validated").getReason()).isEqualTo("GateFailed");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("auc 0.81 < min 0.90 (golden set)");
  }

  @Test
  void checksumMismatchMeansRejectedAndNotVerified() {
    ModelVersionStatus status =
        afterJob(
            modelVersion("7"),
            "Failed",
            "{\"passed\":false,\"error\":\"ChecksumMismatchException: sha256 mismatch for"
                + " s3://models/fraud/7/model.onnx\"}");
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Rejected);
    assertThat(condition(status, "ArtifactVerified").getStatus()).isEqualTo("False");
    assertThat(condition(status, "ArtifactVerified").getReason()).isEqualTo("ChecksumMismatch");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ChecksumMismatch");
    assertThat(condition(status, "Validated").getReason()).isEqualTo("ArtifactNotVerified");
  }

  @Test
  void aReportedDigestOtherThanTheSpecsIsAMismatchToo() {
    String report =
        ModelVersions.report(0.98, 0.94).replace(ModelVersions.SHA256, ModelVersions.OTHER_SHA256);
    ModelVersionStatus status = afterJob(modelVersion("7"), "Complete", report);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ChecksumMismatch");
    assertThat(condition(status, "Ready").getMessage()).contains(ModelVersions.OTHER_SHA256);
  }

  @Test
  void missingArtifactMeansRejectedWithArtifactMissing() {
    ModelVersionStatus status =
        afterJob(
            modelVersion("7"),
            "Failed",
            "{\"passed\":false,\"error\":\"NoSuchFileException: s3://models/fraud/7/model.onnx\"}");
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Rejected);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ArtifactMissing");
  }

  @Test
  void aPodThatEndsWithoutAReportIsRejectedSayingSo() {
    ModelVersionStatus status = afterJob(modelVersion("7"), "Failed", "");
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Rejected);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ValidationReportMissing");
    assertThat(condition(status, "Ready").getMessage()).contains("ended (Failed)");
  }

  @Test
  void aFinishedJobWhosePodIsNotYetSeenIsAwaitedForAWhile() {
    ModelVersion mv = modelVersion("7");
    String name = ValidationJobResources.jobName(mv);
    Job finished = job(name, "Complete");
    assertThat(ValidationObserver.observe(mv, name, Optional.of(finished), List.of(), NOW))
        .isInstanceOf(ValidationOutcome.InProgress.class);
    ValidationOutcome late =
        ValidationObserver.observe(
            mv, name, Optional.of(finished), List.of(), NOW.plus(ValidationObserver.REPORT_GRACE));
    assertThat(late)
        .isInstanceOfSatisfying(
            ValidationOutcome.Finished.class,
            f -> assertThat(f.artifactReason()).isEqualTo("ValidationReportMissing"));
  }

  @Test
  void theVerdictIsReadBackFromStatusSoGateChangesNeedNoNewJob() {
    ModelVersion mv = modelVersion("7");
    mv.setStatus(afterJob(mv, "Complete", ModelVersions.report(0.81, 0.94)));
    String job = mv.getStatus().validationJob;

    ValidationOutcome recorded = ValidationObserver.recorded(mv, job).orElseThrow();
    assertThat(calculate(mv, recorded, List.of(), List.of()))
        .usingRecursiveComparison()
        .isEqualTo(mv.getStatus());

    mv.getSpec().validation.gates.get(0).min = "0.80";
    mv.getMetadata().setGeneration(2L);
    ModelVersionStatus relaxed = calculate(mv, recorded, List.of(), List.of());
    assertThat(relaxed.phase).isEqualTo(ModelVersionPhase.Ready);
    assertThat(relaxed.observedGeneration).isEqualTo(2L);
  }

  @Test
  void noGatesAndNoGoldenSetStillVerifyTheArtifact() {
    ModelVersion mv = modelVersion("7");
    mv.getSpec().validation = null;
    ModelVersionStatus status =
        afterJob(mv, "Complete", "{\"passed\":true,\"sha256\":\"" + ModelVersions.SHA256 + "\"}");
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Ready);
    assertThat(condition(status, "Validated").getMessage())
        .isEqualTo("the artifact verifies and loads; no gates are set");
  }

  @Test
  void malformedMetricsRejectWithoutAJob() {
    ModelVersion mv = modelVersion("7");
    mv.getSpec().metrics.put("auc", "high");
    ModelVersionStatus status =
        ModelVersionStatusCalculator.calculate(
            mv,
            new ModelVersionStatusCalculator.Observed(
                SpecProblems.metrics(mv.getSpec()),
                Optional.empty(),
                List.of(),
                List.of(),
                List.of(),
                false),
            NOW);
    assertThat(status.phase).isEqualTo(ModelVersionPhase.Rejected);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(status.validationJob).isNull();
  }

  @Test
  void aliasConflictAndServedByAndBlockedDeletion() {
    ModelVersion mv = modelVersion("8");
    mv.getMetadata().setDeletionTimestamp("2026-11-22T11:00:00Z");
    String job = ValidationJobResources.jobName(mv);
    ModelVersionStatus status =
        calculate(
            mv,
            new ValidationOutcome.InProgress(job, "running"),
            List.of("alias champion of model fraud is held by fraud-7; remove it there"),
            List.of("fraud", "fraud-shadow"));
    assertThat(condition(status, "AliasConflict").getStatus()).isEqualTo("True");
    assertThat(condition(status, "AliasConflict").getReason()).isEqualTo("AliasHeld");
    assertThat(status.servedBy).containsExactly("fraud", "fraud-shadow");
    assertThat(condition(status, "DeletionBlocked").getMessage())
        .isEqualTo(
            "deletion waits until no InferenceService serves this version; served by fraud,"
                + " fraud-shadow");
  }

  @Test
  void malformedAliasesAreAnInvalidAliasConflict() {
    ModelVersion mv = modelVersion("7");
    mv.getSpec().aliases = List.of("Champion");
    ModelVersionStatus status =
        calculate(
            mv,
            new ValidationOutcome.InProgress(ValidationJobResources.jobName(mv), "running"),
            List.of(),
            List.of());
    assertThat(condition(status, "AliasConflict").getReason()).isEqualTo("InvalidAlias");
    assertThat(condition(status, "AliasConflict").getMessage())
        .isEqualTo("alias \"Champion\" must be a lowercase DNS label (letters, digits, '-')");
  }

  @Test
  void conditionsKeepTheirTransitionTimeWhileTheyHold() {
    ModelVersion mv = modelVersion("7");
    mv.setStatus(afterJob(mv, "Complete", ModelVersions.report(0.98, 0.94)));
    ModelVersionStatus later =
        ModelVersionStatusCalculator.calculate(
            mv,
            new ModelVersionStatusCalculator.Observed(
                List.of(),
                Optional.of(
                    ValidationObserver.recorded(mv, mv.getStatus().validationJob).orElseThrow()),
                List.of(),
                List.of(),
                List.of(),
                false),
            NOW.plusSeconds(3600));
    assertThat(later).usingRecursiveComparison().isEqualTo(mv.getStatus());
  }
}
