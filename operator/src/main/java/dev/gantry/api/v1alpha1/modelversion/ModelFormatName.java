package dev.gantry.api.v1alpha1.modelversion;

/** Artifact formats Gantry knows; constants are spelled as they appear in YAML. */
public enum ModelFormatName {
  onnx
}
