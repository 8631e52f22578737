package dev.gantry.inference.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/** Converts between {@link Tensor} and ONNX Runtime tensors. */
public final class OrtTensors {

  private OrtTensors() {}

  /** Builds an ORT tensor over the calling thread's direct buffer for {@code slot}. */
  public static OnnxTensor toOrt(OrtEnvironment env, Tensor t, int slot) throws OrtException {
    long[] shape = t.shape();
    return switch (t.datatype()) {
      case FP32 -> {
        float[] a = (float[]) t.data();
        ByteBuffer b = DirectBuffers.get(slot, a.length * Float.BYTES);
        b.asFloatBuffer().put(a);
        yield OnnxTensor.createTensor(env, b.asFloatBuffer(), shape);
      }
      case FP64 -> {
        double[] a = (double[]) t.data();
        ByteBuffer b = DirectBuffers.get(slot, a.length * Double.BYTES);
        b.asDoubleBuffer().put(a);
        yield OnnxTensor.createTensor(env, b.asDoubleBuffer(), shape);
      }
      case INT32 -> {
        int[] a = (int[]) t.data();
        ByteBuffer b = DirectBuffers.get(slot, a.length * Integer.BYTES);
        b.asIntBuffer().put(a);
        yield OnnxTensor.createTensor(env, b.asIntBuffer(), shape);
      }
      case INT64 -> {
        long[] a = (long[]) t.data();
        ByteBuffer b = DirectBuffers.get(slot, a.length * Long.BYTES);
        b.asLongBuffer().put(a);
        yield OnnxTensor.createTensor(env, b.asLongBuffer(), shape);
      }
      case BOOL -> {
        boolean[] a = (boolean[]) t.data();
        ByteBuffer b = DirectBuffers.get(slot, a.length);
        for (boolean v : a) {
          b.put((byte) (v ? 1 : 0));
        }
        b.flip();
        yield OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
      }
      case BYTES -> OnnxTensor.createTensor(env, (String[]) t.data(), shape);
    };
  }

  /** Copies an ORT output tensor into a flat {@link Tensor}. */
  public static Tensor fromOrt(String name, OnnxTensor value) throws OrtException {
    TensorInfo info = value.getInfo();
    long[] shape = info.getShape();
    Datatype datatype =
        Datatype.of(info.type)
            .orElseThrow(() -> new IllegalStateException("output " + name + ": " + info.type));
    Object data =
        switch (datatype) {
          case FP32 -> {
            var b = value.getFloatBuffer();
            float[] a = new float[b.remaining()];
            b.get(a);
            yield a;
          }
          case FP64 -> {
            var b = value.getDoubleBuffer();
            double[] a = new double[b.remaining()];
            b.get(a);
            yield a;
          }
          case INT32 -> {
            var b = value.getIntBuffer();
            int[] a = new int[b.remaining()];
            b.get(a);
            yield a;
          }
          case INT64 -> {
            var b = value.getLongBuffer();
            long[] a = new long[b.remaining()];
            b.get(a);
            yield a;
          }
          case BOOL -> {
            var b = value.getByteBuffer();
            boolean[] a = new boolean[b.remaining()];
            for (int i = 0; i < a.length; i++) {
              a[i] = b.get() != 0;
            }
            yield a;
          }
          case BYTES -> flattenStrings(value.getValue(), (int) Tensor.elementCount(shape));
        };
    return new Tensor(name, datatype, shape, data);
  }

  private static String[] flattenStrings(Object nested, int count) {
    String[] out = new String[count];
    int[] next = {0};
    flatten(nested, out, next);
    return out;
  }

  private static void flatten(Object nested, String[] out, int[] next) {
    if (nested instanceof String s) {
      out[next[0]++] = s;
    } else if (nested instanceof String[] strings) {
      for (String s : strings) {
        out[next[0]++] = s;
      }
    } else {
      for (int i = 0; i < Array.getLength(nested); i++) {
        flatten(Array.get(nested, i), out, next);
      }
    }
  }
}
