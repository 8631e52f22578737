package dev.gantry.api.v1alpha1.modelversion;

/** Where a ModelVersion is on its way to serving. */
public enum ModelVersionPhase {
  Pending,
  Validating,
  Ready,
  Rejected
}
