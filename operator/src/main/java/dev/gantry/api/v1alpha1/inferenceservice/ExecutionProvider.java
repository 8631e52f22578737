package dev.gantry.api.v1alpha1.inferenceservice;

/** ONNX Runtime execution providers Gantry can ask for. */
public enum ExecutionProvider {
  CUDA,
  TensorRT,
  CPU
}
