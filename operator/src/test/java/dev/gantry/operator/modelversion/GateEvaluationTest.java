package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.gate;
import static dev.gantry.operator.modelversion.ModelVersions.goldenSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateEvaluationTest {
  @Test
  void passesWhenEverySourceMeetsTheBounds() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("auc", "0.90", null), gate("loss", null, "0.30")),
            null,
            Map.of("auc", "0.93", "loss", "0.21"),
            Map.of("auc", "0.95"));
    assertThat(result.passed()).isTrue();
    assertThat(result.checked()).isEqualTo(2);
  }

  @Test
  void namesTheFailingGateWithValueBoundAndSource() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("auc", "0.90", null)), null, Map.of("auc", "0.81"), Map.of());
    assertThat(result.failures()).containsExactly("auc 0.81 < min 0.90 (training)");
  }

  @Test
  void aGateMustHoldOnTheGoldenSetToo() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("auc", "0.90", null)), null, Map.of("auc", "0.93"), Map.of("auc", "0.85"));
    assertThat(result.failures()).containsExactly("auc 0.85 < min 0.90 (golden set)");
  }

  @Test
  void maxBoundsAndBothBounds() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("loss", null, "0.30"), gate("rmse", "0.1", "0.2")),
            null,
            Map.of("loss", "0.35"),
            Map.of("rmse", "0.05"));
    assertThat(result.failures())
        .containsExactly("loss 0.35 > max 0.30 (training)", "rmse 0.05 < min 0.1 (golden set)");
  }

  @Test
  void boundsAreInclusiveAndComparedAsDecimals() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("auc", "0.9", "1.000")), null, Map.of("auc", "0.90"), Map.of("auc", "1"));
    assertThat(result.passed()).isTrue();
  }

  @Test
  void aMetricNoSourceReportsFailsItsGate() {
    GateEvaluation result =
        GateEvaluation.evaluate(List.of(gate("f1", "0.5", null)), null, Map.of(), Map.of());
    assertThat(result.failures())
        .containsExactly("f1 is reported neither by training nor by validation");
  }

  @Test
  void aValueThatIsNotADecimalFailsWithAClearMessage() {
    GateEvaluation result =
        GateEvaluation.evaluate(
            List.of(gate("auc", "0.9", null)), null, Map.of("auc", "high"), Map.of());
    assertThat(result.failures()).containsExactly("auc \"high\" is not a decimal (training)");
  }

  @Test
  void goldenSetMinAccuracyIsAGateOnTheMeasuredAccuracy() {
    var set = goldenSet("s3://data/golden.csv", "0.9");
    assertThat(GateEvaluation.evaluate(null, set, Map.of(), Map.of("accuracy", "0.94")).passed())
        .isTrue();
    assertThat(
            GateEvaluation.evaluate(
                    null, set, Map.of("accuracy", "0.99"), Map.of("accuracy", "0.8"))
                .failures())
        .containsExactly("accuracy 0.8 < min 0.9 (golden set)");
    assertThat(GateEvaluation.evaluate(null, set, Map.of(), Map.of()).failures())
        .containsExactly("accuracy was not measured on the golden set");
  }

  @Test
  void noGatesPassWithNothingChecked() {
    GateEvaluation result = GateEvaluation.evaluate(null, null, null, null);
    assertThat(result.passed()).isTrue();
    assertThat(result.checked()).isZero();
  }
}
