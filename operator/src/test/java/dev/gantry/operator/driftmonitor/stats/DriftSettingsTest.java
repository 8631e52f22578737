package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorSpec;
import dev.gantry.api.v1alpha1.driftmonitor.DriftThresholds;
import org.junit.jupiter.api.Test;

class DriftSettingsTest {

  @Test
  void anEmptySpecGetsTheCrdDefaults() {
    assertThat(DriftSettings.from(new DriftMonitorSpec())).isEqualTo(DriftSettings.DEFAULTS);
    assertThat(DriftSettings.DEFAULTS.thresholds())
        .isEqualTo(new Thresholds(0.2, 0.05, 0.05, 0.1, 0.1));
  }

  @Test
  void decimalStringsBecomeNumbersAndUnsetThresholdsKeepDefaults() {
    DriftMonitorSpec spec = new DriftMonitorSpec();
    spec.method = DriftMethod.ks;
    spec.correction = Correction.none;
    spec.driftShare = "0.25";
    spec.thresholds = new DriftThresholds();
    spec.thresholds.ks = "0.01";
    spec.thresholds.wasserstein = "0.15";
    DriftSettings s = DriftSettings.from(spec);
    assertThat(s)
        .isEqualTo(
            new DriftSettings(
                DriftMethod.ks, new Thresholds(0.2, 0.01, 0.05, 0.1, 0.15), Correction.none, 0.25));
    assertThat(s.thresholds().of(DriftMethod.wasserstein)).isEqualTo(0.15);
  }

  @Test
  void aDriftShareOutsideZeroToOneIsRejected() {
    assertThatThrownBy(
            () -> new DriftSettings(DriftMethod.auto, Thresholds.DEFAULTS, Correction.none, 0))
        .hasMessageContaining("driftShare");
  }
}
