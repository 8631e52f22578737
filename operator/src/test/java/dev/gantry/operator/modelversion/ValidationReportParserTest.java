package dev.gantry.operator.modelversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.contract.ValidationReport;
import org.junit.jupiter.api.Test;

class ValidationReportParserTest {
  @Test
  void readsTheReportTheInferenceImageWrites() {
    var parsed = ValidationReportParser.parse(ModelVersions.report(0.98, 0.94));
    assertThat(parsed).isInstanceOf(ValidationReportParser.Valid.class);
    ValidationReport report = ((ValidationReportParser.Valid) parsed).report();
    assertThat(report.passed()).isTrue();
    assertThat(report.sha256()).isEqualTo(ModelVersions.SHA256);
    assertThat(report.metrics()).containsEntry("auc", 0.98).containsEntry("rows", 300.0);
    assertThat(report.error()).isNull();
  }

  @Test
  void aSimulatedReportIsJudgedAsSimulatedNeverAsMeasured() {
    var parsed =
        ValidationReportParser.parse(
            """
            {"passed":true,"simulated":true,"modelUri":"pvc://m/model.onnx",            "sha256":"%s","metrics":{}}"""
                .formatted(ModelVersions.SHA256));
    ValidationReport report = ((ValidationReportParser.Valid) parsed).report();
    assertThat(report.isSimulated()).isTrue();

    var outcome = ValidationObserver.judge(ModelVersions.modelVersion("7"), "job", report);
    assertThat(outcome.artifactReason()).isEqualTo("Simulated");
    assertThat(outcome.artifactMessage())
        .startsWith("simulated:")
        .doesNotContain("matches")
        .doesNotContain("loads in ONNX Runtime");
    assertThat(
            ((ValidationReportParser.Valid)
                    ValidationReportParser.parse(ModelVersions.report(0.98, 0.94)))
                .report()
                .isSimulated())
        .isFalse();
  }

  @Test
  void readsAFailureReport() {
    var parsed =
        ValidationReportParser.parse(
            """
            {"passed":false,"modelUri":"s3://m/model.onnx",\
            "error":"ChecksumMismatchException: sha256 mismatch for s3://m/model.onnx"}""");
    ValidationReport report = ((ValidationReportParser.Valid) parsed).report();
    assertThat(report.passed()).isFalse();
    assertThat(report.error()).startsWith("ChecksumMismatchException");
    assertThat(report.metrics()).isEmpty();
  }

  @Test
  void saysWhatIsWrongWithABadMessage() {
    assertThat(ValidationReportParser.parse(""))
        .isEqualTo(
            new ValidationReportParser.Invalid(
                "ValidationReportMissing", "the validation pod wrote no report"));
    assertThat(ValidationReportParser.parse("Exception in thread main"))
        .isInstanceOf(ValidationReportParser.Invalid.class)
        .extracting(i -> ((ValidationReportParser.Invalid) i).reason())
        .isEqualTo("ValidationReportInvalid");
    assertThat(ValidationReportParser.parse("{\"metrics\":{}}"))
        .extracting(i -> ((ValidationReportParser.Invalid) i).message())
        .asString()
        .contains("no boolean \"passed\"");
    assertThat(ValidationReportParser.parse("{\"passed\":true,\"metrics\":{\"auc\":\"high\"}}"))
        .extracting(i -> ((ValidationReportParser.Invalid) i).message())
        .isEqualTo("the report's metric auc is not a number");
  }
}
