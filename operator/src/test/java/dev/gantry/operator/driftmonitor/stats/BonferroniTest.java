package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;
import org.junit.jupiter.api.Test;

class BonferroniTest {

  @Test
  void bonferroniDividesAlphaByTheNumberOfTests() {
    assertThat(Bonferroni.threshold(Correction.bonferroni, 0.05, 50)).isEqualTo(0.001);
  }

  @Test
  void noCorrectionKeepsAlpha() {
    assertThat(Bonferroni.threshold(Correction.none, 0.05, 50)).isEqualTo(0.05);
  }

  @Test
  void aSingleTestNeedsNoCorrection() {
    assertThat(Bonferroni.threshold(Correction.bonferroni, 0.05, 1)).isEqualTo(0.05);
    assertThat(Bonferroni.threshold(Correction.bonferroni, 0.05, 0)).isEqualTo(0.05);
  }
}
