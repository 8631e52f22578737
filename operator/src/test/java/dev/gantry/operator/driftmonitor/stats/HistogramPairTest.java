package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramPairTest {

  @Test
  void zeroLiveSamplesAreRefusedSoTheCallerReportsCollecting() {
    assertThatThrownBy(() -> new HistogramPair(new double[] {5, 5}, new double[] {0, 0}))
        .isInstanceOf(NoLiveSamplesException.class);
  }

  @Test
  void anEmptyReferenceIsABrokenBaseline() {
    assertThatThrownBy(() -> new HistogramPair(new double[] {0, 0}, new double[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(NoLiveSamplesException.class)
        .hasMessageContaining("reference");
  }

  @Test
  void nanCountsAreRejectedNamingTheBin() {
    assertThatThrownBy(() -> new HistogramPair(new double[] {5, 5}, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("live count of bin 1");
  }

  @Test
  void negativeAndInfiniteCountsAreRejected() {
    assertThatThrownBy(() -> new HistogramPair(new double[] {5, -1}, new double[] {1, 1}))
        .hasMessageContaining("reference count of bin 1");
    assertThatThrownBy(
            () ->
                new HistogramPair(new double[] {5, 1}, new double[] {Double.POSITIVE_INFINITY, 1}))
        .hasMessageContaining("live count of bin 0");
  }

  @Test
  void histogramsOverDifferentBinsAreRejected() {
    assertThatThrownBy(() -> new HistogramPair(new double[] {1, 2, 3}, new double[] {1, 2}))
        .hasMessageContaining("same number of bins");
    assertThatThrownBy(() -> new HistogramPair(new double[] {}, new double[] {}))
        .hasMessageContaining("at least one");
  }

  @Test
  void callersCannotChangeTheCountsAfterwards() {
    double[] live = {1, 2};
    HistogramPair pair = new HistogramPair(new double[] {3, 4}, live);
    live[0] = 100;
    pair.live()[1] = 100;
    assertThat(pair.live()).containsExactly(1, 2);
  }

  @Test
  void baselineCountsPairWithLiveCounts() {
    HistogramPair pair = HistogramPair.of(List.of(10L, 0L, 30L), new double[] {1, 0, 0});
    assertThat(pair.referenceTotal()).isEqualTo(40);
    assertThat(pair.liveTotal()).isEqualTo(1);
    assertThat(pair.binsWithMass()).isEqualTo(2);
  }
}
