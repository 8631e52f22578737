package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.FeatureDrift;
import org.junit.jupiter.api.Test;

class FeatureDriftResultTest {

  @Test
  void mapsToTheStatusShapeWithDecimalStrings() {
    FeatureDrift status =
        new FeatureDriftResult("age", DriftMethod.ks, 0.000123456789, 0.001, true).toStatus();
    assertThat(status.name).isEqualTo("age");
    assertThat(status.method).isEqualTo(DriftMethod.ks);
    assertThat(status.score).isEqualTo("0.000123457");
    assertThat(status.threshold).isEqualTo("0.001");
    assertThat(status.drifted).isTrue();
  }

  @Test
  void scoresAreWrittenWithoutExponentsSoTheyParseAsTheApisDecimals() {
    assertThat(DecimalStrings.of(1.5e-40)).isEqualTo("0");
    assertThat(DecimalStrings.of(2.5e-11)).isEqualTo("0.000000000025");
    assertThat(DecimalStrings.of(12345678.9)).isEqualTo("12345700");
    assertThat(DecimalStrings.of(0.1)).isEqualTo("0.1");
    assertThat(DecimalStrings.of(0)).isEqualTo("0");
    assertThat(DecimalStrings.of(0.2999999999)).matches("^-?[0-9]+([.][0-9]+)?$").isEqualTo("0.3");
  }
}
