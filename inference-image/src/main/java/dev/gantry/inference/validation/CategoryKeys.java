package dev.gantry.inference.validation;

import dev.gantry.inference.runtime.Tensor;

/**
 * How a live value is named when compared with a baseline's category counts: strings as they are,
 * integral numbers without a fraction ("3", not "3.0"), other numbers as Java prints doubles.
 */
public final class CategoryKeys {

  private CategoryKeys() {}

  /** The category key of the element at {@code index}, or null when it is missing (NaN). */
  public static String of(Tensor t, int index) {
    return switch (t.datatype()) {
      case BYTES -> ((String[]) t.data())[index];
      case BOOL -> Boolean.toString(((boolean[]) t.data())[index]);
      case INT32 -> Integer.toString(((int[]) t.data())[index]);
      case INT64 -> Long.toString(((long[]) t.data())[index]);
      case FP32, FP64 -> ofNumber(t.valueAt(index));
    };
  }

  /** The category key of a floating-point value, or null for NaN. */
  public static String ofNumber(double v) {
    if (Double.isNaN(v)) {
      return null;
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
