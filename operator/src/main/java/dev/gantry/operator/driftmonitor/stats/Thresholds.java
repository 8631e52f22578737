package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.DriftThresholds;

/** Per-method thresholds as numbers; p-value thresholds before any correction. */
public record Thresholds(
    double psi, double ks, double chiSquared, double jensenShannon, double wasserstein) {

  /** The CRD's defaults (DriftThresholds' {@code @Default} values). */
  public static final Thresholds DEFAULTS = new Thresholds(0.2, 0.05, 0.05, 0.1, 0.1);

  /** Parses the API's decimal strings; an unset threshold takes its default. */
  public static Thresholds from(DriftThresholds api) {
    if (api == null) {
      return DEFAULTS;
    }
    return new Thresholds(
        parse(api.psi, DEFAULTS.psi),
        parse(api.ks, DEFAULTS.ks),
        parse(api.chiSquared, DEFAULTS.chiSquared),
        parse(api.jensenShannon, DEFAULTS.jensenShannon),
        parse(api.wasserstein, DEFAULTS.wasserstein));
  }

  public double of(DriftMethod method) {
    return switch (method) {
      case psi -> psi;
      case ks -> ks;
      case chiSquared -> chiSquared;
      case jensenShannon -> jensenShannon;
      case wasserstein -> wasserstein;
      case auto -> throw new IllegalArgumentException("auto has no threshold of its own");
    };
  }

  private static double parse(String decimal, double fallback) {
    return decimal == null ? fallback : Double.parseDouble(decimal);
  }
}
