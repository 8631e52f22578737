package dev.gantry.api.v1alpha1.driftmonitor;

/** Where live feature statistics are read. */
public enum StatisticsSource {
  Pods,
  Prometheus
}
