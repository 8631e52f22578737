package dev.gantry.operator.inferenceservice;

/** Which of an InferenceService's two Deployments. */
public enum Role {
  stable,
  canary
}
