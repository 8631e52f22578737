package dev.gantry.api.v1alpha1.driftmonitor;

/** Per-feature drift statistics. */
public enum DriftMethod {
  auto,
  psi,
  ks,
  jensenShannon,
  wasserstein,
  chiSquared
}
