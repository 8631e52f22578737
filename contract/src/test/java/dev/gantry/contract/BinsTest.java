package dev.gantry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinsTest {
  private static final List<Double> EDGES = List.of(0.0, 1.0, 2.0, 3.0);

  @Test
  void valuesInsideTheRangeFallIntoHalfOpenBins() {
    assertThat(Bins.indexOf(EDGES, 0.0)).isZero();
    assertThat(Bins.indexOf(EDGES, 0.99)).isZero();
    assertThat(Bins.indexOf(EDGES, 1.0)).isEqualTo(1);
    assertThat(Bins.indexOf(EDGES, 2.5)).isEqualTo(2);
    assertThat(Bins.indexOf(EDGES, 3.0)).isEqualTo(2);
  }

  @Test
  void valuesOutsideTheTrainingRangeLandInTheOuterBins() {
    assertThat(Bins.indexOf(EDGES, -100)).isZero();
    assertThat(Bins.indexOf(EDGES, Double.NEGATIVE_INFINITY)).isZero();
    assertThat(Bins.indexOf(EDGES, 1e9)).isEqualTo(2);
    assertThat(Bins.indexOf(EDGES, Double.POSITIVE_INFINITY)).isEqualTo(2);
  }

  @Test
  void nanIsMissing() {
    assertThat(Bins.indexOf(EDGES, Double.NaN)).isEqualTo(-1);
  }

  @Test
  void aSingleBinTakesEverything() {
    assertThat(Bins.indexOf(List.of(5.0, 5.0), 4)).isZero();
    assertThat(Bins.indexOf(List.of(5.0, 5.0), 6)).isZero();
  }

  @Test
  void fewerThanTwoEdgesIsAnError() {
    assertThatThrownBy(() -> Bins.indexOf(List.of(1.0), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two bin edges");
  }
}
