package dev.gantry.inference.batching;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Stacking tensors along the first dimension and splitting them back. */
final class TensorRows {

  private TensorRows() {}

  /** Concatenates same-named, same-typed tensors whose dimensions after the first agree. */
  static Tensor stack(List<Tensor> parts) {
    Tensor first = parts.get(0);
    long rows = 0;
    int length = 0;
    for (Tensor t : parts) {
      rows += t.shape()[0];
      length += t.length();
    }
    Object data = newArray(first.datatype(), length);
    int at = 0;
    for (Tensor t : parts) {
      int n = t.length();
      System.arraycopy(t.data(), 0, data, at, n);
      at += n;
    }
    long[] shape = first.shape().clone();
    shape[0] = rows;
    return new Tensor(first.name(), first.datatype(), shape, data);
  }

  /** Splits {@code t} into consecutive row blocks of the given sizes. */
  static List<Tensor> split(Tensor t, int[] rows) {
    long total = t.shape()[0];
    int perRow = total == 0 ? 0 : (int) (t.length() / total);
    List<Tensor> parts = new ArrayList<>(rows.length);
    int at = 0;
    for (int r : rows) {
      int n = r * perRow;
      Object data = newArray(t.datatype(), n);
      System.arraycopy(t.data(), at, data, 0, n);
      at += n;
      long[] shape = t.shape().clone();
      shape[0] = r;
      parts.add(new Tensor(t.name(), t.datatype(), shape, data));
    }
    return parts;
  }

  private static Object newArray(Datatype datatype, int length) {
    return switch (datatype) {
      case FP32 -> new float[length];
      case FP64 -> new double[length];
      case INT32 -> new int[length];
      case INT64 -> new long[length];
      case BOOL -> new boolean[length];
      case BYTES -> Array.newInstance(String.class, length);
    };
  }
}
