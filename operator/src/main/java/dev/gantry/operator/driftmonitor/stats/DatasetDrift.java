package dev.gantry.operator.driftmonitor.stats;

import java.util.List;

/**
 * The verdict on a whole evaluation.
 *
 * @param features one verdict per feature, in baseline order
 * @param driftedShare the share of features that drifted
 * @param drifted whether driftedShare reached the configured driftShare
 */
public record DatasetDrift(
    List<FeatureDriftResult> features, double driftedShare, boolean drifted) {

  public DatasetDrift {
    features = List.copyOf(features);
  }

  /**
   * The dataset drifts when the share of drifted features is at least {@code driftShare}, as
   * Evidently's {@code share_drifted_columns >= drift_share}.
   */
  public static DatasetDrift of(List<FeatureDriftResult> features, double driftShare) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("no features to judge");
    }
    long drifted = features.stream().filter(FeatureDriftResult::drifted).count();
    double share = (double) drifted / features.size();
    return new DatasetDrift(features, share, share >= driftShare);
  }
}
