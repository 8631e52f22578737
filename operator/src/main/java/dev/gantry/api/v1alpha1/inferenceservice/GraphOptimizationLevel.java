package dev.gantry.api.v1alpha1.inferenceservice;

/** ONNX Runtime graph optimization levels. */
public enum GraphOptimizationLevel {
  disabled,
  basic,
  extended,
  all
}
