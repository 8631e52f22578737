package dev.gantry.inference.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How much one request may ask of the server, checked by both bindings' decoders before they
 * allocate anything a request declares (a shape, a binary_data_size, a BYTES length prefix): a
 * request that claims a billion elements with a few bytes of data is refused, not allocated. The
 * body or message size itself is refused earlier, by the HTTP guard and the gRPC transport.
 *
 * @param maxRequestBytes largest REST body (413) and, by default, gRPC message (RESOURCE_EXHAUSTED)
 * @param maxTensors most inputs, and most requested outputs, in one request
 * @param maxElements most elements in one tensor, and the largest single dimension
 * @param maxElementBytes longest BYTES element (UTF-8 bytes)
 */
public record RequestLimits(
    long maxRequestBytes, int maxTensors, long maxElements, long maxElementBytes) {

  /** The configuration defaults (gantry.limits.*). */
  public static final RequestLimits DEFAULTS =
      new RequestLimits(16L * 1024 * 1024, 1024, 1_000_000, 1024 * 1024);

  public RequestLimits {
    if (maxRequestBytes <= 0 || maxTensors <= 0 || maxElements <= 0 || maxElementBytes <= 0) {
      throw new IllegalArgumentException("request limits must be positive");
    }
    // Every element count must also fit a Java array.
    maxElements = Math.min(maxElements, Integer.MAX_VALUE - 8);
  }

  /** Refuses more than {@link #maxTensors} entries of {@code what} ("inputs", "outputs"). */
  public void checkTensorCount(int count, String what) {
    if (count > maxTensors) {
      throw InferenceException.invalid(
          "the request has "
              + count
              + " "
              + what
              + "; at most "
              + maxTensors
              + " are allowed (gantry.limits.max-tensors)");
    }
  }

  /**
   * Refuses a declared shape with a dimension or an element count over {@link #maxElements}, so
   * that no later step (validation, batching, the model's outputs) is sized by it.
   */
  public void checkShape(String input, long[] shape) {
    long n = 1;
    boolean overflow = false;
    for (long d : shape) {
      if (d > maxElements) {
        throw tooMany(input, "shape " + Arrays.toString(shape) + " has a dimension over");
      }
      if (!overflow) {
        try {
          n = Math.multiplyExact(n, d);
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    if (overflow || n > maxElements) {
      throw tooMany(input, "shape " + Arrays.toString(shape) + " declares more than");
    }
  }

  /** Refuses a tensor whose data holds more than {@link #maxElements} elements. */
  public void checkElements(String input, long count) {
    if (count > maxElements) {
      throw tooManyElements(input);
    }
  }

  /** The refusal of data with more than {@link #maxElements} elements. */
  public InferenceException tooManyElements(String input) {
    return tooMany(input, "data holds more than");
  }

  /** Refuses a BYTES element longer than {@link #maxElementBytes}. */
  public void checkElementBytes(String input, long index, long bytes) {
    if (bytes > maxElementBytes) {
      throw InferenceException.invalid(
          "input '"
              + input
              + "': BYTES element "
              + index
              + " has "
              + bytes
              + " bytes; at most "
              + maxElementBytes
              + " are allowed (gantry.limits.max-element-bytes)");
    }
  }

  /** {@link #checkElementBytes} for a decoded string, counting its UTF-8 bytes only when needed. */
  public void checkElementBytes(String input, long index, String value) {
    // A UTF-16 char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
    if ((long) value.length() * 3 > maxElementBytes) {
      checkElementBytes(input, index, value.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  private InferenceException tooMany(String input, String what) {
    return InferenceException.invalid(
        "input '"
            + input
            + "': "
            + what
            + " "
            + maxElements
            + " elements (gantry.limits.max-elements)");
  }
}
