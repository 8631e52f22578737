package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetDriftTest {

  @Test
  void theDatasetDriftsWhenExactlyTheDriftShareOfFeaturesDrift() {
    DatasetDrift d = DatasetDrift.of(List.of(feature("a", true), feature("b", false)), 0.5);
    assertThat(d.driftedShare()).isEqualTo(0.5);
    assertThat(d.drifted()).isTrue();
  }

  @Test
  void theDatasetHoldsBelowTheDriftShare() {
    DatasetDrift d =
        DatasetDrift.of(List.of(feature("a", true), feature("b", false), feature("c", false)), 0.5);
    assertThat(d.driftedShare()).isEqualTo(1.0 / 3);
    assertThat(d.drifted()).isFalse();
  }

  @Test
  void noFeaturesIsNoVerdict() {
    assertThatThrownBy(() -> DatasetDrift.of(List.of(), 0.5)).hasMessageContaining("no features");
  }

  private static FeatureDriftResult feature(String name, boolean drifted) {
    return new FeatureDriftResult(name, DriftMethod.psi, drifted ? 0.5 : 0.01, 0.2, drifted);
  }
}
