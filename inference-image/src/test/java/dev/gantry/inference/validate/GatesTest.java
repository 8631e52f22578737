package dev.gantry.inference.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {

  @Test
  void gatesHoldOrFailAgainstTheMetrics() {
    Map<String, Double> metrics = Map.of("auc", 0.93, "rmse", 0.4);
    assertThat(Gates.failed(metrics, List.of("auc>=0.9", "rmse<=0.5"))).isEmpty();
    assertThat(Gates.failed(metrics, List.of("auc>=0.95", "rmse <= 0.3", "loss<=1")))
        .containsExactly(
            "auc>=0.95 (actual 0.93)", "rmse <= 0.3 (actual 0.4)", "loss<=1 (actual null)");
  }

  @Test
  void aucOfAPerfectRankingIsOneAndOfAReversedOneIsZero() {
    double[] labels = {0, 0, 1, 1};
    assertThat(GoldenSetEvaluator.auc(new double[] {0.1, 0.2, 0.8, 0.9}, labels)).isEqualTo(1.0);
    assertThat(GoldenSetEvaluator.auc(new double[] {0.9, 0.8, 0.2, 0.1}, labels)).isEqualTo(0.0);
    assertThat(GoldenSetEvaluator.auc(new double[] {0.5, 0.5, 0.5, 0.5}, labels)).isEqualTo(0.5);
  }
}
