package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChiSquaredTest {

  @Test
  void anUnseenLiveCategoryGivesAFiniteStatisticAndASmallPValue() {
    ChiSquared.Result r =
        ChiSquared.test(
            CategoryCounts.align(
                Map.of("a", 5000, "b", 5000), Map.of("a", 480, "b", 470, "new", 50)));
    assertThat(r.statistic()).isFinite().isGreaterThan(100);
    assertThat(r.degreesOfFreedom()).isEqualTo(2);
    assertThat(r.pValue()).isLessThan(1e-20);
  }

  @Test
  void withTwoCategoriesItIsThePooledTwoProportionZTest() {
    // z^2 and the two-sided normal p-value, from SciPy for 7000/10000 against 640/1000.
    ChiSquared.Result r =
        ChiSquared.test(
            CategoryCounts.align(Map.of("yes", 7000, "no", 3000), Map.of("yes", 640, "no", 360)));
    assertThat(r.statistic()).isCloseTo(15.426327599102438, within(1e-9));
    assertThat(r.pValue()).isCloseTo(8.57847747173929e-05, within(1e-12));
  }

  @Test
  void aSingleCategoryHasNothingToTest() {
    ChiSquared.Result r =
        ChiSquared.test(CategoryCounts.align(Map.of("only", 100), Map.of("only", 7)));
    assertThat(r).isEqualTo(new ChiSquared.Result(0, 0, 1));
  }

  @Test
  void binsEmptyOnBothSidesAreLeftOut() {
    ChiSquared.Result withEmpty =
        ChiSquared.test(new HistogramPair(new double[] {50, 0, 50}, new double[] {4, 0, 6}));
    ChiSquared.Result without =
        ChiSquared.test(new HistogramPair(new double[] {50, 50}, new double[] {4, 6}));
    assertThat(withEmpty).isEqualTo(without);
  }

  @Test
  void identicalSharesHavePValueOne() {
    ChiSquared.Result r =
        ChiSquared.test(new HistogramPair(new double[] {100, 200, 300}, new double[] {1, 2, 3}));
    assertThat(r.statistic()).isCloseTo(0, within(1e-12));
    assertThat(r.pValue()).isCloseTo(1, within(1e-12));
  }
}
