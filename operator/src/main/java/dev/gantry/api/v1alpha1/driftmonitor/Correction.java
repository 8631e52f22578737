package dev.gantry.api.v1alpha1.driftmonitor;

/** Multiple-testing corrections for p-value tests across features. */
public enum Correction {
  none,
  bonferroni
}
