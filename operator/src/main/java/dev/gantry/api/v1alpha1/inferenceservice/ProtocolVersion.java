package dev.gantry.api.v1alpha1.inferenceservice;

/** Open Inference Protocol versions. */
public enum ProtocolVersion {
  v2
}
