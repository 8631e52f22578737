package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.FeatureDrift;

/**
 * The verdict on one feature.
 *
 * @param name feature name
 * @param method the method actually used (never {@code auto})
 * @param score the p-value for ks and chiSquared, the distance otherwise
 * @param threshold what the score was compared with, after correction
 * @param drifted p-value below the threshold, or distance above it
 */
public record FeatureDriftResult(
    String name, DriftMethod method, double score, double threshold, boolean drifted) {

  /** The same verdict in the DriftMonitor status shape, numbers as decimal strings. */
  public FeatureDrift toStatus() {
    FeatureDrift status = new FeatureDrift();
    status.name = name;
    status.method = method;
    status.score = DecimalStrings.of(score);
    status.threshold = DecimalStrings.of(threshold);
    status.drifted = drifted;
    return status;
  }
}
