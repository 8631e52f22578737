package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorSpec;

/**
 * How a DriftMonitor judges drift, as numbers.
 *
 * @param method the requested method, {@code auto} included
 * @param thresholds per-method thresholds before correction
 * @param correction correction of the p-value thresholds across features
 * @param driftShare the dataset drifts when at least this share of its features drift
 */
public record DriftSettings(
    DriftMethod method, Thresholds thresholds, Correction correction, double driftShare) {

  /** The CRD defaults: auto, default thresholds, Bonferroni, half the features. */
  public static final DriftSettings DEFAULTS =
      new DriftSettings(DriftMethod.auto, Thresholds.DEFAULTS, Correction.bonferroni, 0.5);

  public DriftSettings {
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("driftShare must be in (0, 1], got " + driftShare);
    }
  }

  /** The spec's settings; unset fields take the CRD defaults. */
  public static DriftSettings from(DriftMonitorSpec spec) {
    return new DriftSettings(
        spec.method == null ? DEFAULTS.method : spec.method,
        Thresholds.from(spec.thresholds),
        spec.correction == null ? DEFAULTS.correction : spec.correction,
        spec.driftShare == null ? DEFAULTS.driftShare : Double.parseDouble(spec.driftShare));
  }

  public DriftSettings withMethod(DriftMethod newMethod) {
    return new DriftSettings(newMethod, thresholds, correction, driftShare);
  }
}
