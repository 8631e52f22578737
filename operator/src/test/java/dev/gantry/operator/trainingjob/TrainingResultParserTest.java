package dev.gantry.operator.trainingjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.trainingjob.TrainingResultParser.Invalid;
import dev.gantry.operator.trainingjob.TrainingResultParser.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingResultParserTest {
  private static final String SHA =
      "5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4";

  @Test
  void readsTheContractsExampleResult() {
    String message =
        """
        {"artifactUri": "pvc://models/fraud/fraud-train-42/model.onnx",
         "sha256": "%s",
         "metrics": {"accuracy": 0.954, "auc": 0.9787, "loss": 0.1201},
         "baselineUri": "pvc://models/fraud/fraud-train-42/baseline.json",
         "modelFormat": "onnx"}"""
            .formatted(SHA);

    var parsed = TrainingResultParser.parse(message);

    assertThat(parsed).isInstanceOf(Valid.class);
    var result = ((Valid) parsed).result();
    assertThat(result.artifactUri()).isEqualTo("pvc://models/fraud/fraud-train-42/model.onnx");
    assertThat(result.sha256()).isEqualTo(SHA);
    assertThat(result.metrics()).containsEntry("auc", 0.9787).hasSize(3);
    assertThat(result.baselineUri()).endsWith("baseline.json");
  }

  @Test
  void onlyTheArtifactIsRequired() {
    assertThat(TrainingResultParser.parse("{\"artifactUri\":\"s3://m/model.onnx\"}"))
        .isInstanceOf(Valid.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|ResultMissing",
        "'   '|ResultMissing",
        "training finished|ResultNotJson",
        "[1,2]|ResultNotJson",
        "{\"sha256\":\"abc\"}|ResultInvalid",
        "{\"artifactUri\":42}|ResultInvalid",
        "{\"artifactUri\":\"ftp://x/model.onnx\"}|ResultInvalid",
        "{\"artifactUri\":\"s3://m/model.onnx\",\"sha256\":\"ABC\"}|ResultInvalid",
        "{\"artifactUri\":\"s3://m/model.onnx\",\"metrics\":{\"auc\":\"high\"}}|ResultInvalid",
        "{\"artifactUri\":\"s3://m/model.onnx\",\"metrics\":[0.9]}|ResultInvalid",
        "{\"artifactUri\":\"s3://m/model.onnx\",\"baselineUri\":7}|ResultInvalid",
        "{\"artifactUri\":\"s3://m/model.pt\",\"modelFormat\":\"pytorch\"}|ResultInvalid",
      })
  void malformedResultsAreRejectedWithAReason(String message, String reason) {
    var parsed = TrainingResultParser.parse(message);

    assertThat(parsed).isInstanceOf(Invalid.class);
    assertThat(((Invalid) parsed).reason()).isEqualTo(reason);
    assertThat(((Invalid) parsed).message()).isNotBlank();
  }

  @Test
  void resultAboveTheTerminationMessageLimitIsTooLarge() {
    String huge = "{\"artifactUri\":\"s3://m/model.onnx\",\"pad\":\"" + "x".repeat(5000) + "\"}";

    assertThat(TrainingResultParser.parse(huge))
        .isEqualTo(
            new Invalid(
                "ResultTooLarge", "the result is larger than 4096 bytes and was truncated"));
  }

  /**
   * Found by TrainingResultParserFuzzTest: 1e999 is valid JSON and parses to Infinity, which
   * ModelVersionResources.decimal cannot write (BigDecimal.valueOf throws), so every reconcile of
   * the TrainingJob failed instead of settling on a reason.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"1e999", "-1e999"})
  void aMetricThatIsNoFiniteNumberIsInvalid(String value) {
    var parsed =
        TrainingResultParser.parse(
            "{\"artifactUri\": \"s3://b/model.onnx\", \"metrics\": {\"auc\": " + value + "}}");

    assertThat(parsed)
        .isEqualTo(
            new Invalid(TrainingResultParser.RESULT_INVALID, "metric auc must be a finite number"));
  }
}
