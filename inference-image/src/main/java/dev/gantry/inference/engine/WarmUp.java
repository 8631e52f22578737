package dev.gantry.inference.engine;

import dev.gantry.inference.batching.DynamicBatcher;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import dev.gantry.inference.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs synthetic inputs through a new model before it is marked ready: the first calls of a fresh
 * session cost 10-1000x a steady call (lazy kernel setup, JIT), and no user request should pay it.
 */
final class WarmUp {

  private WarmUp() {}

  static void run(OrtModel model, DynamicBatcher batcher, int runs, int maxBatch) throws Exception {
    if (runs <= 0) {
      return;
    }
    List<Tensor> one = synthetic(model.signature().inputs(), 1);
    List<Tensor> full = synthetic(model.signature().inputs(), Math.max(1, maxBatch));
    for (int i = 0; i < runs; i++) {
      model.run(one, Set.of());
      model.run(full, Set.of());
      if (batcher != null) {
        batcher.run(new ValidatedRequest(one, 1, Set.of(), List.of()));
      }
    }
  }

  /** Zero-valued inputs with every dynamic dimension set to {@code rows} for the first, else 1. */
  static List<Tensor> synthetic(List<TensorSpec> specs, int rows) {
    List<Tensor> tensors = new ArrayList<>(specs.size());
    for (TensorSpec spec : specs) {
      long[] shape = spec.shape().clone();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 0) {
          shape[i] = i == 0 ? rows : 1;
        }
      }
      int n = (int) Tensor.elementCount(shape);
      tensors.add(new Tensor(spec.name(), spec.datatype(), shape, zeros(spec.datatype(), n)));
    }
    return tensors;
  }

  private static Object zeros(Datatype datatype, int n) {
    return switch (datatype) {
      case FP32 -> new float[n];
      case FP64 -> new double[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case BOOL -> new boolean[n];
      case BYTES -> {
        String[] s = new String[n];
        Arrays.fill(s, "");
        yield s;
      }
    };
  }
}
