package dev.gantry.api.v1alpha1.trainingjob;

/** Where a TrainingJob is in its life. */
public enum TrainingJobPhase {
  Pending,
  Running,
  Suspended,
  Succeeded,
  Failed
}
