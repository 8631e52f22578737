package dev.gantry.inference.runtime;

import ai.onnxruntime.OnnxJavaType;
import java.util.Optional;

/** Open Inference Protocol tensor datatypes the server supports, and their ONNX Runtime twins. */
public enum Datatype {
  BOOL(OnnxJavaType.BOOL, 1),
  INT32(OnnxJavaType.INT32, 4),
  INT64(OnnxJavaType.INT64, 8),
  FP32(OnnxJavaType.FLOAT, 4),
  FP64(OnnxJavaType.DOUBLE, 8),
  BYTES(OnnxJavaType.STRING, -1);

  private final OnnxJavaType ortType;
  private final int byteSize;

  Datatype(OnnxJavaType ortType, int byteSize) {
    this.ortType = ortType;
    this.byteSize = byteSize;
  }

  public OnnxJavaType ortType() {
    return ortType;
  }

  /** Bytes per element in the raw little-endian encoding; -1 for variable-length BYTES. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isFloatingPoint() {
    return this == FP32 || this == FP64;
  }

  public static Optional<Datatype> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Datatype d : values()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  public static Optional<Datatype> of(OnnxJavaType ortType) {
    for (Datatype d : values()) {
      if (d.ortType == ortType) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
