package dev.gantry.operator.driftmonitor.stats;

import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.auto;
import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.chiSquared;
import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.jensenShannon;
import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.ks;
import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.psi;
import static dev.gantry.api.v1alpha1.driftmonitor.DriftMethod.wasserstein;
import static dev.gantry.contract.FeatureBaseline.FeatureType.CATEGORICAL;
import static dev.gantry.contract.FeatureBaseline.FeatureType.NUMERIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import org.junit.jupiter.api.Test;

class MethodSelectorTest {

  @Test
  void autoTestsNumericFeaturesWithKsUpToAThousandReferenceRows() {
    assertThat(MethodSelector.choose(auto, NUMERIC, 1000, 10)).isEqualTo(ks);
    assertThat(MethodSelector.choose(auto, NUMERIC, 30, 6)).isEqualTo(ks);
  }

  @Test
  void autoMeasuresNumericFeaturesWithWassersteinAboveAThousandReferenceRows() {
    assertThat(MethodSelector.choose(auto, NUMERIC, 1001, 10)).isEqualTo(wasserstein);
  }

  @Test
  void autoTestsCategoricalFeaturesWithChiSquaredUpToAThousandRows() {
    assertThat(MethodSelector.choose(auto, CATEGORICAL, 1000, 40)).isEqualTo(chiSquared);
    assertThat(MethodSelector.choose(auto, CATEGORICAL, 1000, 2)).isEqualTo(chiSquared);
  }

  @Test
  void autoMeasuresCategoricalFeaturesWithJensenShannonAboveAThousandRows() {
    assertThat(MethodSelector.choose(auto, CATEGORICAL, 10_000, 40)).isEqualTo(jensenShannon);
  }

  @Test
  void autoTreatsNumericFeaturesWithAtMostFiveValuesAsDiscrete() {
    assertThat(MethodSelector.choose(auto, NUMERIC, 1000, 5)).isEqualTo(chiSquared);
    assertThat(MethodSelector.choose(auto, NUMERIC, 1001, 5)).isEqualTo(jensenShannon);
    assertThat(MethodSelector.choose(auto, NUMERIC, 1001, 6)).isEqualTo(wasserstein);
  }

  @Test
  void orderedMethodsOnCategoricalFeaturesFallBackToTheirCategoricalKin() {
    assertThat(MethodSelector.choose(ks, CATEGORICAL, 10, 3)).isEqualTo(chiSquared);
    assertThat(MethodSelector.choose(wasserstein, CATEGORICAL, 10, 3)).isEqualTo(jensenShannon);
  }

  @Test
  void explicitMethodsAreKeptOtherwise() {
    for (DriftMethod m : new DriftMethod[] {psi, ks, jensenShannon, wasserstein, chiSquared}) {
      assertThat(MethodSelector.choose(m, NUMERIC, 10_000, 10)).isEqualTo(m);
    }
    assertThat(MethodSelector.choose(psi, CATEGORICAL, 10, 3)).isEqualTo(psi);
  }

  @Test
  void onlyKsAndChiSquaredScoresArePValues() {
    assertThat(MethodSelector.isTest(ks)).isTrue();
    assertThat(MethodSelector.isTest(chiSquared)).isTrue();
    assertThat(MethodSelector.isTest(psi)).isFalse();
    assertThat(MethodSelector.isTest(jensenShannon)).isFalse();
    assertThat(MethodSelector.isTest(wasserstein)).isFalse();
  }
}
