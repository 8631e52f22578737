package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.gate;
import static dev.gantry.operator.modelversion.ModelVersions.goldenSet;
import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.contract.ValidationReport;
import dev.gantry.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reports the real inference image wrote in validate mode (its ValidateModeTest and
 * ValidateModeFailureTest keep contract/fixtures/ equal to what it writes), read by the operator:
 * the two modules cannot drift apart unnoticed.
 */
class ValidationReportContractTest {
  private static final String PASSED_SHA256 =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static String fixture(String name) throws IOException {
    return Files.readString(RepoFiles.resolve("contract/fixtures/" + name));
  }

  private static ModelVersion tabular() {
    ModelVersion mv = modelVersion("1");
    mv.getSpec().storageUri = "file:///models/tabular/model.onnx";
    mv.getSpec().sha256 = PASSED_SHA256;
    mv.getSpec().metrics = null;
    mv.getSpec().validation.goldenSet = goldenSet("file:///models/tabular/golden.csv", "0.9");
    mv.getSpec().validation.gates = List.of(gate("auc", "0.95", null));
    return mv;
  }

  private static ModelVersionPhase phaseAfter(ModelVersion mv, ValidationReport report) {
    ValidationOutcome.Finished outcome = ValidationObserver.judge(mv, "job", report);
    return ModelVersionStatusCalculator.calculate(
            mv,
            new ModelVersionStatusCalculator.Observed(
                List.of(), Optional.of(outcome), List.of(), List.of(), List.of(), false),
            java.time.Instant.EPOCH)
        .phase;
  }

  @Test
  void aPassingReportOfTheRealImageVerifiesAndIsGated() throws IOException {
    var parsed = ValidationReportParser.parse(fixture("validation-report-passed.json"));
    ValidationReport report = ((ValidationReportParser.Valid) parsed).report();
    ModelVersion mv = tabular();

    ValidationOutcome.Finished outcome = ValidationObserver.judge(mv, "job", report);
    assertThat(outcome.artifactVerified()).isTrue();
    assertThat(outcome.metrics()).containsKeys("accuracy", "auc", "rows");
    assertThat(phaseAfter(mv, report)).isEqualTo(ModelVersionPhase.Ready);

    mv.getSpec().validation.gates = List.of(gate("auc", "0.99", null));
    assertThat(phaseAfter(mv, report)).isEqualTo(ModelVersionPhase.Rejected);
  }

  @Test
  void aChecksumMismatchReportOfTheRealImageIsAChecksumMismatch() throws IOException {
    var parsed = ValidationReportParser.parse(fixture("validation-report-checksum-mismatch.json"));
    ValidationReport report = ((ValidationReportParser.Valid) parsed).report();
    ValidationOutcome.Finished outcome = ValidationObserver.judge(tabular(), "job", report);
    assertThat(outcome.artifactVerified()).isFalse();
    assertThat(outcome.artifactReason()).isEqualTo("ChecksumMismatch");
    assertThat(outcome.artifactMessage()).contains("sha256 mismatch");
  }
}
