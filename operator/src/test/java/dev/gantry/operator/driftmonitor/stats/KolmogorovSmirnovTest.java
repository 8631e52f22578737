package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KolmogorovSmirnovTest {

  /** scipy.special.kolmogorov(z), SciPy 1.17.1, on both sides of the series switch at z = 1. */
  @ParameterizedTest(name = "Q({0}) = {1}")
  @CsvSource({
    "0.3, 0.9999906941986655",
    "0.5, 0.9639452436648751",
    "1.0, 0.26999967167735456",
    "1.5, 0.022217962616525127",
    "2.0, 0.0006709252557796953",
    "3.0, 3.045995948942526e-08"
  })
  void limitingDistributionMatchesScipysKolmogorov(double z, double expected) {
    assertThat(KolmogorovSmirnov.limitingSurvival(z)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void limitingDistributionIsOneAtZeroAndVanishesFarOut() {
    assertThat(KolmogorovSmirnov.limitingSurvival(0)).isEqualTo(1);
    assertThat(KolmogorovSmirnov.limitingSurvival(40)).isZero();
  }

  @Test
  void statisticIsTheLargestGapBetweenBinnedCdfs() {
    // CDFs: reference 0.25, 0.5, 0.75, 1; live 0.1, 0.2, 0.9, 1. Largest gap 0.3 after bin 2.
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(
            new HistogramPair(new double[] {25, 25, 25, 25}, new double[] {1, 1, 7, 1}));
    assertThat(r.statistic()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void pValueUsesTheEffectiveSampleSize() {
    // n = 100, m = 10: en = 1000 / 110.
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(
            new HistogramPair(new double[] {25, 25, 25, 25}, new double[] {1, 1, 7, 1}));
    double z = Math.sqrt(1000.0 / 110) * 0.3;
    assertThat(r.pValue()).isEqualTo(KolmogorovSmirnov.limitingSurvival(z));
  }

  @Test
  void aSingleBinHasNoGapAndPValueOne() {
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(new HistogramPair(new double[] {500}, new double[] {20}));
    assertThat(r.statistic()).isZero();
    assertThat(r.pValue()).isEqualTo(1);
  }

  @Test
  void allLiveMassInTheLastBinIsOverwhelmingEvidence() {
    KolmogorovSmirnov.Result r =
        KolmogorovSmirnov.test(
            new HistogramPair(new double[] {250, 250, 250, 250}, new double[] {0, 0, 0, 200}));
    assertThat(r.statistic()).isCloseTo(0.75, within(1e-12));
    assertThat(r.pValue()).isLessThan(1e-20);
  }
}
