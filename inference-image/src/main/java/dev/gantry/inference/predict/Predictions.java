package dev.gantry.inference.predict;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the model's score output into the part file's lines: {@code
 * row_id,prediction,p_<class>...,model_version}. The output scored is the model's first FP32/FP64
 * output of shape [batch] or [batch, k]: k >= 2 is a classifier (prediction = the label of the
 * largest probability, one p_ column per class), k = 1 (or [batch]) a regression (prediction = the
 * value, no p_ columns).
 */
final class Predictions {

  private final String output;
  private final List<String> classLabels;
  private final String modelVersion;
  private int classes = -1;

  private Predictions(String output, long width, List<String> classLabels, String modelVersion) {
    this.output = output;
    this.classLabels = classLabels;
    this.modelVersion = modelVersion;
    if (width >= 1) {
      classes = (int) width;
    }
  }

  /**
   * @throws IllegalArgumentException when the model has no output this can write
   */
  static Predictions of(ModelSignature signature, List<String> classLabels, String modelVersion) {
    for (TensorSpec spec : signature.outputs()) {
      long[] shape = spec.shape();
      if (spec.datatype().isFloatingPoint() && (shape.length == 1 || shape.length == 2)) {
        long width = shape.length == 1 ? 1 : shape[1];
        if (width >= 2 && !classLabels.isEmpty() && classLabels.size() != width) {
          throw new IllegalArgumentException(
              "gantry.predict.class-labels names "
                  + classLabels.size()
                  + " classes, the model's output '"
                  + spec.name()
                  + "' has "
                  + width);
        }
        return new Predictions(spec.name(), width, classLabels, modelVersion);
      }
    }
    throw new IllegalArgumentException(
        "predict mode needs an FP32/FP64 output of shape [batch] or [batch, k]; the model has "
            + signature.outputs());
  }

  /** The output to ask ONNX Runtime for. */
  String output() {
    return output;
  }

  /**
   * The header line; with a dynamic class count, known only from the first output (an empty part of
   * such a model gets the class count of its labels, or none).
   */
  void header(PartWriter w, Tensor first) throws IOException {
    if (classes < 0) {
      classes = first != null ? width(first) : Math.max(1, classLabels.size());
    }
    w.ascii("row_id,prediction");
    if (classes >= 2) {
      for (int k = 0; k < classes; k++) {
        w.ascii(",p_").ascii(label(k));
      }
    }
    w.ascii(",model_version\n");
  }

  private static int width(Tensor t) {
    long[] s = t.shape();
    return s.length == 1 ? 1 : (int) s[1];
  }

  private String label(int k) {
    return classLabels.isEmpty() ? Integer.toString(k) : classLabels.get(k);
  }

  /**
   * Writes the rows of one batch's output.
   *
   * @param ids the row_id of each row, as CSV text, or null to use {@code rowNumbers}
   */
  void write(PartWriter w, Tensor scores, long[] rowNumbers, List<String> ids, int rows)
      throws IOException {
    int k = width(scores);
    if (k != classes) {
      throw new IllegalStateException(
          "output '" + output + "' has " + k + " columns, the header " + classes);
    }
    boolean fp32 = scores.datatype() == Datatype.FP32;
    float[] f = fp32 ? (float[]) scores.data() : null;
    double[] d = fp32 ? null : (double[]) scores.data();
    for (int r = 0; r < rows; r++) {
      if (ids == null) {
        w.write(rowNumbers[r]);
      } else {
        w.ascii(ids.get(r));
      }
      w.write(',');
      int base = r * k;
      if (k == 1) {
        if (fp32) {
          w.write(f[base]);
        } else {
          w.write(d[base]);
        }
      } else {
        int best = 0;
        for (int c = 1; c < k; c++) {
          if (fp32 ? f[base + c] > f[base + best] : d[base + c] > d[base + best]) {
            best = c;
          }
        }
        w.ascii(label(best));
        for (int c = 0; c < k; c++) {
          w.write(',');
          if (fp32) {
            w.write(f[base + c]);
          } else {
            w.write(d[base + c]);
          }
        }
      }
      w.write(',').ascii(modelVersion).write('\n');
    }
  }

  /** Header names in order, for tests and docs. */
  List<String> columns() {
    List<String> names = new ArrayList<>(List.of("row_id", "prediction"));
    if (classes >= 2) {
      for (int k = 0; k < classes; k++) {
        names.add("p_" + label(k));
      }
    }
    names.add("model_version");
    return names;
  }
}
