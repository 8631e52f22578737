package dev.gantry.inference.protocol;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw tensor bytes as both bindings carry them (gRPC raw_input_contents/raw_output_contents and the
 * REST binary tensor data extension): little-endian, row-major; BOOL one byte per element; BYTES
 * elements each preceded by a 4-byte little-endian length.
 */
public final class RawTensorCodec {

  private RawTensorCodec() {}

  /**
   * Decodes {@code bytes} (from its position to its limit) into a flat array. The element count
   * (and, for BYTES, every element's length prefix) is checked against {@code limits} before
   * anything is allocated for it.
   */
  public static Object decode(
      String name, Datatype datatype, ByteBuffer bytes, RequestLimits limits) {
    ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    int size = datatype.byteSize();
    if (size > 0) {
      limits.checkElements(name, b.remaining() / size);
    }
    if (size > 0 && b.remaining() % size != 0) {
      throw InferenceException.invalid(
          "input '"
              + name
              + "': raw data has "
              + b.remaining()
              + " bytes, not a multiple of "
              + size
              + " ("
              + datatype
              + ")");
    }
    return switch (datatype) {
      case FP32 -> {
        float[] a = new float[b.remaining() / 4];
        b.asFloatBuffer().get(a);
        yield a;
      }
      case FP64 -> {
        double[] a = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(a);
        yield a;
      }
      case INT32 -> {
        int[] a = new int[b.remaining() / 4];
        b.asIntBuffer().get(a);
        yield a;
      }
      case INT64 -> {
        long[] a = new long[b.remaining() / 8];
        b.asLongBuffer().get(a);
        yield a;
      }
      case BOOL -> {
        boolean[] a = new boolean[b.remaining()];
        for (int i = 0; i < a.length; i++) {
          a[i] = b.get() != 0;
        }
        yield a;
      }
      case BYTES -> {
        List<String> strings = new ArrayList<>();
        while (b.hasRemaining()) {
          if (b.remaining() < 4) {
            throw InferenceException.invalid(
                "input '" + name + "': truncated BYTES element length prefix");
          }
          int len = b.getInt();
          if (len < 0 || len > b.remaining()) {
            throw InferenceException.invalid(
                "input '" + name + "': BYTES element length " + len + " exceeds the data");
          }
          limits.checkElementBytes(name, strings.size(), len);
          limits.checkElements(name, strings.size() + 1L);
          byte[] s = new byte[len];
          b.get(s);
          strings.add(new String(s, StandardCharsets.UTF_8));
        }
        yield strings.toArray(String[]::new);
      }
    };
  }

  /** Encodes a tensor's data; the buffer is positioned at 0 with its limit at the end. */
  public static ByteBuffer encode(Tensor t) {
    int n = t.length();
    if (t.datatype() == Datatype.BYTES) {
      List<byte[]> parts = new ArrayList<>(n);
      int total = 0;
      for (String s : (String[]) t.data()) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        parts.add(bytes);
        total += 4 + bytes.length;
      }
      ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
      for (byte[] p : parts) {
        b.putInt(p.length).put(p);
      }
      return b.flip();
    }
    ByteBuffer b = ByteBuffer.allocate(n * t.datatype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.datatype()) {
      case FP32 -> b.asFloatBuffer().put((float[]) t.data());
      case FP64 -> b.asDoubleBuffer().put((double[]) t.data());
      case INT32 -> b.asIntBuffer().put((int[]) t.data());
      case INT64 -> b.asLongBuffer().put((long[]) t.data());
      case BOOL -> {
        for (boolean v : (boolean[]) t.data()) {
          b.put((byte) (v ? 1 : 0));
        }
        b.rewind();
      }
      default -> throw new IllegalStateException();
    }
    return b;
  }
}
