package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

  @Test
  void identicalSharesHaveZeroPsi() {
    assertThat(PopulationStabilityIndex.of(pair(new double[] {1, 2, 3}, new double[] {2, 4, 6})))
        .isZero();
  }

  @Test
  void anEmptyLiveBinCountsAsAShareOfOneTenThousandth() {
    double psi = PopulationStabilityIndex.of(pair(new double[] {50, 50}, new double[] {0, 10}));
    double expected = (0.5 - 1e-4) * Math.log(0.5 / 1e-4) + (0.5 - 1) * Math.log(0.5 / 1);
    assertThat(psi).isCloseTo(expected, within(1e-12));
  }

  @Test
  void emptyBinsNextToATinyShareGetAMillionthOfIt() {
    // The smallest non-empty live share is 1e-5 (<= 1e-4), so the empty bin gets 1e-11.
    double[] live = {0, 1, 99_999};
    double psi = PopulationStabilityIndex.of(pair(new double[] {1, 1, 1}, live));
    double third = 1.0 / 3;
    double expected =
        (third - 1e-11) * Math.log(third / 1e-11)
            + (third - 1e-5) * Math.log(third / 1e-5)
            + (third - 0.99999) * Math.log(third / 0.99999);
    assertThat(psi).isCloseTo(expected, within(1e-9));
  }

  @Test
  void allMassInOneBinGivesALargeFinitePsi() {
    double psi =
        PopulationStabilityIndex.of(pair(new double[] {25, 25, 25, 25}, new double[] {0, 0, 0, 9}));
    assertThat(psi).isFinite().isGreaterThan(3);
  }

  @Test
  void aSingleBinNeverDrifts() {
    assertThat(PopulationStabilityIndex.of(pair(new double[] {1000}, new double[] {3}))).isZero();
  }

  private static HistogramPair pair(double[] reference, double[] live) {
    return new HistogramPair(reference, live);
  }
}
