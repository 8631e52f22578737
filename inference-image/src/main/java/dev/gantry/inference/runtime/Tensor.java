package dev.gantry.inference.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named, typed, row-major tensor held in one flat primitive array: float[] (FP32), double[]
 * (FP64), int[] (INT32), long[] (INT64), boolean[] (BOOL) or String[] (BYTES).
 */
public record Tensor(String name, Datatype datatype, long[] shape, Object data) {

  public Tensor {
    Objects.requireNonNull(name);
    Objects.requireNonNull(datatype);
    Objects.requireNonNull(shape);
    Objects.requireNonNull(data);
  }

  public int length() {
    return java.lang.reflect.Array.getLength(data);
  }

  /** Product of the shape's dimensions, or -1 when it overflows or a dimension is negative. */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The element at a flat index, widened to double (NaN for BYTES). */
  public double valueAt(int index) {
    return switch (datatype) {
      case FP32 -> ((float[]) data)[index];
      case FP64 -> ((double[]) data)[index];
      case INT32 -> ((int[]) data)[index];
      case INT64 -> ((long[]) data)[index];
      case BOOL -> ((boolean[]) data)[index] ? 1 : 0;
      case BYTES -> Double.NaN;
    };
  }

  public Tensor withName(String newName) {
    return new Tensor(newName, datatype, shape, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && name.equals(t.name)
        && datatype == t.datatype
        && Arrays.equals(shape, t.shape)
        && Objects.deepEquals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, datatype, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape);
  }
}
