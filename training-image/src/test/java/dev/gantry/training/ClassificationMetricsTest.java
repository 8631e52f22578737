package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  @Test
  void perfectRankingHasAucOneAndTiesCountHalf() {
    boolean[] truth = {false, false, true, true};
    assertThat(ClassificationMetrics.auc(truth, new double[] {0.1, 0.2, 0.8, 0.9})).isEqualTo(1.0);
    assertThat(ClassificationMetrics.auc(truth, new double[] {0.5, 0.5, 0.5, 0.5})).isEqualTo(0.5);
    // One positive below one negative out of four pairs.
    assertThat(ClassificationMetrics.auc(truth, new double[] {0.1, 0.7, 0.6, 0.9})).isEqualTo(0.75);
  }

  @Test
  void accuracyF1AndLogLossFollowTheirDefinitions() {
    boolean[] truth = {true, true, false, false};
    double[] p = {0.9, 0.4, 0.2, 0.6};

    ClassificationMetrics m = ClassificationMetrics.of(truth, p);

    assertThat(m.accuracy()).isEqualTo(0.5);
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isEqualTo(0.5);
    assertThat(m.f1()).isEqualTo(0.5);
    double expected = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.8) + Math.log(0.4)) / 4;
    assertThat(m.logLoss()).isCloseTo(expected, within(1e-12));
    assertThat(m.asMap()).containsEntry("loss", m.logLoss());
  }
}
