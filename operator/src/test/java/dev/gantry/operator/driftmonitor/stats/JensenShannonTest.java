package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JensenShannonTest {

  @Test
  void identicalSharesAreAtDistanceZero() {
    assertThat(JensenShannon.distance(pair(new double[] {3, 1, 0}, new double[] {30, 10, 0})))
        .isZero();
  }

  @Test
  void histogramsWithNoBinInCommonAreAtDistanceOne() {
    assertThat(JensenShannon.distance(pair(new double[] {5, 0, 0}, new double[] {0, 0, 7})))
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void emptyBinsOnOneSideNeedNoEpsilon() {
    // p = (1/2, 1/2), q = (1, 0): JS divergence (base 2) = 1 - 3/4 * log2(3) + 1/2.
    double divergence = 0.5 * (0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25) + log2(1 / 0.75));
    assertThat(JensenShannon.distance(pair(new double[] {1, 1}, new double[] {4, 0})))
        .isCloseTo(Math.sqrt(divergence), within(1e-12));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static HistogramPair pair(double[] reference, double[] live) {
    return new HistogramPair(reference, live);
  }
}
