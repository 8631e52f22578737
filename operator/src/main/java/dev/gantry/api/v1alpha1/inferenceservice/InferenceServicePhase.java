package dev.gantry.api.v1alpha1.inferenceservice;

/** Where an InferenceService is. */
public enum InferenceServicePhase {
  Pending,
  Progressing,
  Ready,
  Degraded,
  Failed
}
