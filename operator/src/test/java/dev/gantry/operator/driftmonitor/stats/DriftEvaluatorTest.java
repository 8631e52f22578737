package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {
  private static final FeatureBaseline AGE =
      new FeatureBaseline(
          "age",
          FeatureType.NUMERIC,
          List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0),
          List.of(1000L, 1000L, 1000L, 1000L, 1000L, 1000L, 1000L),
          null,
          0,
          3.5,
          2.0);
  private static final FeatureBaseline COLOUR =
      new FeatureBaseline(
          "colour",
          FeatureType.CATEGORICAL,
          null,
          null,
          Map.of("red", 3500L, "blue", 3500L),
          0,
          null,
          null);
  private static final BaselineStatistics BASELINE =
      new BaselineStatistics(1, 7000, List.of(AGE, COLOUR));

  private static final LiveCounts AGE_UNCHANGED =
      LiveCounts.numeric(100, 100, 100, 100, 100, 100, 100);
  private static final LiveCounts AGE_SHIFTED = LiveCounts.numeric(0, 0, 100, 100, 100, 200, 200);
  private static final LiveCounts COLOUR_UNCHANGED =
      LiveCounts.categorical(Map.of("red", 350.0, "blue", 350.0));

  @Test
  void autoWithManyReferenceRowsUsesDistancesAndNamesTheDriftedFeature() {
    DatasetDrift d =
        DriftEvaluator.evaluate(
            BASELINE,
            Map.of("age", AGE_SHIFTED, "colour", COLOUR_UNCHANGED),
            DriftSettings.DEFAULTS);
    assertThat(d.features())
        .extracting(
            FeatureDriftResult::name, FeatureDriftResult::method, FeatureDriftResult::drifted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("age", DriftMethod.wasserstein, true),
            org.assertj.core.groups.Tuple.tuple("colour", DriftMethod.jensenShannon, false));
    assertThat(d.features().get(0).threshold()).isEqualTo(0.1);
    assertThat(d.driftedShare()).isEqualTo(0.5);
    assertThat(d.drifted()).isTrue();
  }

  @Test
  void wassersteinIsNormalisedByTheTrainingStddev() {
    DatasetDrift d =
        DriftEvaluator.evaluate(
            BASELINE,
            Map.of("age", AGE_SHIFTED, "colour", COLOUR_UNCHANGED),
            DriftSettings.DEFAULTS);
    HistogramPair pair = HistogramPair.of(AGE.counts(), AGE_SHIFTED.bins());
    assertThat(d.features().get(0).score())
        .isEqualTo(Wasserstein.distance(AGE.binEdges(), pair) / 2.0);
  }

  @Test
  void autoWithFewReferenceRowsUsesTestsWithABonferroniCorrectedThreshold() {
    DatasetDrift d =
        DriftEvaluator.evaluate(
            1000,
            List.of(AGE, COLOUR),
            Map.of("age", AGE_SHIFTED, "colour", COLOUR_UNCHANGED),
            DriftSettings.DEFAULTS);
    assertThat(d.features())
        .extracting(FeatureDriftResult::method)
        .containsExactly(DriftMethod.ks, DriftMethod.chiSquared);
    assertThat(d.features()).extracting(FeatureDriftResult::threshold).containsOnly(0.025);
    assertThat(d.features().get(0).drifted()).isTrue();
    assertThat(d.features().get(0).score()).isLessThan(0.025);
    assertThat(d.features().get(1).drifted()).isFalse();
  }

  @Test
  void withoutCorrectionTheThresholdIsTheConfiguredAlpha() {
    DriftSettings settings =
        new DriftSettings(DriftMethod.ks, Thresholds.DEFAULTS, Correction.none, 0.5);
    DatasetDrift d =
        DriftEvaluator.evaluate(
            BASELINE, Map.of("age", AGE_UNCHANGED, "colour", COLOUR_UNCHANGED), settings);
    assertThat(d.features())
        .extracting(FeatureDriftResult::method)
        .containsExactly(DriftMethod.ks, DriftMethod.chiSquared);
    assertThat(d.features()).extracting(FeatureDriftResult::threshold).containsOnly(0.05);
    assertThat(d.drifted()).isFalse();
  }

  @Test
  void distancesAreNotCorrectedWhenMixedWithTests() {
    DriftSettings settings = DriftSettings.DEFAULTS.withMethod(DriftMethod.psi);
    DatasetDrift d =
        DriftEvaluator.evaluate(
            BASELINE, Map.of("age", AGE_UNCHANGED, "colour", COLOUR_UNCHANGED), settings);
    assertThat(d.features()).extracting(FeatureDriftResult::threshold).containsOnly(0.2);
    assertThat(d.features()).extracting(FeatureDriftResult::score).containsOnly(0.0);
  }

  @Test
  void anUnseenLiveCategoryIsDrift() {
    DatasetDrift d =
        DriftEvaluator.evaluate(
            BASELINE,
            Map.of(
                "age",
                AGE_UNCHANGED,
                "colour",
                LiveCounts.categorical(Map.of("red", 300.0, "blue", 300.0, "green", 100.0))),
            DriftSettings.DEFAULTS);
    assertThat(d.features().get(1).drifted()).isTrue();
  }

  @Test
  void aFeatureWithoutLiveRowsIsRefusedSoTheCallerReportsCollecting() {
    assertThatThrownBy(
            () ->
                DriftEvaluator.evaluate(
                    BASELINE,
                    Map.of(
                        "age", LiveCounts.numeric(0, 0, 0, 0, 0, 0, 0), "colour", COLOUR_UNCHANGED),
                    DriftSettings.DEFAULTS))
        .isInstanceOf(NoLiveSamplesException.class)
        .hasMessageContaining("age");
    assertThatThrownBy(
            () ->
                DriftEvaluator.evaluate(
                    BASELINE, Map.of("age", AGE_UNCHANGED), DriftSettings.DEFAULTS))
        .isInstanceOf(NoLiveSamplesException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void liveBinsThatDoNotMatchTheBaselineNameTheFeature() {
    assertThatThrownBy(
            () ->
                DriftEvaluator.evaluate(
                    BASELINE,
                    Map.of("age", LiveCounts.numeric(1, 2, 3), "colour", COLOUR_UNCHANGED),
                    DriftSettings.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(NoLiveSamplesException.class)
        .hasMessageStartingWith("feature age: ");
  }

  @Test
  void aBaselineWithoutCountsIsABrokenBaselineNotMissingLiveData() {
    FeatureBaseline noCounts =
        new FeatureBaseline("age", FeatureType.NUMERIC, AGE.binEdges(), null, null, 0, 3.5, 2.0);
    assertThatThrownBy(
            () ->
                DriftEvaluator.evaluate(
                    7000, List.of(noCounts), Map.of("age", AGE_UNCHANGED), DriftSettings.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(NoLiveSamplesException.class)
        .hasMessage("feature age: the baseline has no counts");
  }

  @Test
  void withoutATrainingStddevWassersteinUsesTheBinnedOne() {
    FeatureBaseline noStddev =
        new FeatureBaseline(
            "age", FeatureType.NUMERIC, AGE.binEdges(), AGE.counts(), null, 0, null, null);
    DatasetDrift d =
        DriftEvaluator.evaluate(
            7000,
            List.of(noStddev),
            Map.of("age", AGE_SHIFTED),
            DriftSettings.DEFAULTS.withMethod(DriftMethod.wasserstein));
    HistogramPair pair = HistogramPair.of(AGE.counts(), AGE_SHIFTED.bins());
    assertThat(d.features().get(0).score())
        .isEqualTo(
            Wasserstein.normalised(
                AGE.binEdges(), pair, Wasserstein.binnedStddev(AGE.binEdges(), pair)));
  }
}
