package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WassersteinTest {
  private static final List<Double> EDGES = List.of(0.0, 1.0, 2.0, 3.0);

  @Test
  void movingAllRowsOneBinUpCostsTheMidpointGap() {
    HistogramPair pair = new HistogramPair(new double[] {10, 0, 0}, new double[] {0, 10, 0});
    assertThat(Wasserstein.distance(EDGES, pair)).isCloseTo(1, within(1e-12));
  }

  @Test
  void aShiftBeyondTheTrainingMaximumSaturatesAtTheLastBinsPoint() {
    // Every live row is far above the training range, but lands in the open-ended last bin.
    HistogramPair pair = new HistogramPair(new double[] {10, 0, 0}, new double[] {0, 0, 10});
    assertThat(Wasserstein.distance(EDGES, pair)).isCloseTo(2, within(1e-12));
  }

  @Test
  void openEndedOuterBinsSitHalfTheirNeighboursWidthBeyondTheInnerEdge() {
    // Not at the training extremes -10 and 50.
    assertThat(Wasserstein.points(List.of(-10.0, 0.0, 1.0, 2.0, 50.0), 4))
        .containsExactly(-0.5, 0.5, 1.5, 2.5);
    assertThat(Wasserstein.points(List.of(-4.0, 0.0, 2.0), 2)).containsExactly(-1.0, 2.0);
    assertThat(Wasserstein.points(List.of(-4.0, 2.0), 1)).containsExactly(-1.0);
  }

  @Test
  void normalisedDistanceIsInTrainingStandardDeviations() {
    HistogramPair pair = new HistogramPair(new double[] {10, 0, 0}, new double[] {0, 10, 0});
    assertThat(Wasserstein.normalised(EDGES, pair, 0.5)).isCloseTo(2, within(1e-12));
  }

  @Test
  void aConstantTrainingFeatureIsNormalisedByTheFloorNotByZero() {
    HistogramPair pair = new HistogramPair(new double[] {10, 0, 0}, new double[] {9, 1, 0});
    assertThat(Wasserstein.normalised(EDGES, pair, 0.0)).isCloseTo(0.1 / 0.001, within(1e-9));
  }

  @Test
  void aSingleBinHasNoDistance() {
    HistogramPair pair = new HistogramPair(new double[] {10}, new double[] {3});
    assertThat(Wasserstein.distance(List.of(-1.0, 1.0), pair)).isZero();
  }

  @Test
  void binnedStddevIsThePopulationStddevAtTheBinsPoints() {
    // Half the rows at 0.5, half at 2.5: mean 1.5, stddev 1.
    HistogramPair pair = new HistogramPair(new double[] {5, 0, 5}, new double[] {1, 1, 1});
    assertThat(Wasserstein.binnedStddev(EDGES, pair)).isCloseTo(1, within(1e-12));
  }

  @Test
  void edgesMustMatchTheBinsAndAscend() {
    HistogramPair pair = new HistogramPair(new double[] {1, 1, 1}, new double[] {1, 1, 1});
    assertThatThrownBy(() -> Wasserstein.distance(List.of(0.0, 1.0), pair))
        .hasMessageContaining("3 bins need 4 edges");
    assertThatThrownBy(() -> Wasserstein.distance(List.of(0.0, 2.0, 1.0, 3.0), pair))
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> Wasserstein.distance(List.of(0.0, 1.0, Double.NaN, 3.0), pair))
        .hasMessageContaining("finite");
  }
}
