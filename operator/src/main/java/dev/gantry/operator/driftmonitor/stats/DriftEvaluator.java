package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges live counts against a training baseline: picks each feature's method, scores it, corrects
 * the p-value thresholds for the number of tests, and decides the dataset verdict.
 *
 * <p>It does not decide whether there are enough live rows for a verdict ({@code
 * window.minSamples}); a feature with no live rows at all is refused with {@link
 * NoLiveSamplesException}.
 */
public final class DriftEvaluator {
  private DriftEvaluator() {}

  /** Every feature of the baseline. */
  public static DatasetDrift evaluate(
      BaselineStatistics baseline, Map<String, LiveCounts> live, DriftSettings settings) {
    return evaluate(baseline.rowCount(), baseline.features(), live, settings);
  }

  /**
   * The given features.
   *
   * @param referenceRows training rows behind the baseline; decides what {@code auto} picks
   * @param features the baselines of the features to judge
   * @param live live counts by feature name
   */
  public static DatasetDrift evaluate(
      long referenceRows,
      List<FeatureBaseline> features,
      Map<String, LiveCounts> live,
      DriftSettings settings) {
    List<HistogramPair> counts = new ArrayList<>(features.size());
    List<DriftMethod> methods = new ArrayList<>(features.size());
    int tests = 0;
    for (FeatureBaseline feature : features) {
      HistogramPair pair = pair(feature, live.get(feature.name()));
      DriftMethod method =
          MethodSelector.choose(
              settings.method(), feature.type(), referenceRows, pair.binsWithMass());
      counts.add(pair);
      methods.add(method);
      if (MethodSelector.isTest(method)) {
        tests++;
      }
    }
    List<FeatureDriftResult> results = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      FeatureBaseline feature = features.get(i);
      DriftMethod method = methods.get(i);
      double score = FeatureScore.of(method, feature, counts.get(i));
      double threshold = settings.thresholds().of(method);
      boolean drifted;
      if (MethodSelector.isTest(method)) {
        threshold = Bonferroni.threshold(settings.correction(), threshold, tests);
        drifted = score < threshold;
      } else {
        drifted = score > threshold;
      }
      results.add(new FeatureDriftResult(feature.name(), method, score, threshold, drifted));
    }
    return DatasetDrift.of(results, settings.driftShare());
  }

  private static HistogramPair pair(FeatureBaseline feature, LiveCounts live) {
    boolean categorical = feature.type() == FeatureType.CATEGORICAL;
    if (categorical ? feature.categories() == null : feature.counts() == null) {
      throw new IllegalArgumentException(
          "feature "
              + feature.name()
              + ": the baseline has no "
              + (categorical ? "categories" : "counts"));
    }
    if (live == null || (categorical ? live.categories() == null : live.bins() == null)) {
      throw new NoLiveSamplesException("no live counts for feature " + feature.name());
    }
    try {
      return categorical
          ? CategoryCounts.align(feature.categories(), live.categories())
          : HistogramPair.of(feature.counts(), live.bins());
    } catch (NoLiveSamplesException e) {
      throw new NoLiveSamplesException("no live samples for feature " + feature.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feature " + feature.name() + ": " + e.getMessage(), e);
    }
  }
}
