package dev.gantry.inference.runtime;

import java.util.Arrays;

/** A model input or output as the model declares it; -1 marks a dynamic dimension. */
public record TensorSpec(String name, Datatype datatype, long[] shape) {

  /** Whether the first dimension is dynamic, so rows of several requests can be stacked. */
  public boolean hasDynamicBatch() {
    return shape.length > 0 && shape[0] < 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && name.equals(t.name)
        && datatype == t.datatype
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape);
  }
}
