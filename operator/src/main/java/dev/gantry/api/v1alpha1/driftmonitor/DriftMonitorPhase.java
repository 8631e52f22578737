package dev.gantry.api.v1alpha1.driftmonitor;

/** The monitor's verdict. */
public enum DriftMonitorPhase {
  /** Not enough live data for a verdict yet. */
  Collecting,
  Healthy,
  Drifted,
  /** The service or its baseline cannot be read; see conditions. */
  Failed
}
