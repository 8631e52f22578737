package dev.gantry.inference.validate;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How golden-set rows become a model's input tensors: either every feature column in one [batch, n]
 * FP32/FP64 matrix, or one [batch, 1] tensor per input, taken from the column of its name.
 */
sealed interface FeatureTensors {

  List<Tensor> batch(List<String[]> rows);

  static FeatureTensors of(List<TensorSpec> inputs, GoldenSet set, List<String> featureColumns) {
    if (inputs.size() == 1
        && inputs.get(0).shape().length == 2
        && inputs.get(0).datatype().isFloatingPoint()
        && inputs.get(0).shape()[1] != 1) {
      TensorSpec input = inputs.get(0);
      int width = featureColumns.size();
      if (input.shape()[1] >= 0 && input.shape()[1] != width) {
        throw new IllegalArgumentException(
            "the model input has " + input.shape()[1] + " columns, the golden set " + width);
      }
      return new Matrix(input, featureColumns.stream().mapToInt(set::column).toArray());
    }
    List<Column> columns = new ArrayList<>();
    for (TensorSpec input : inputs) {
      long[] shape = input.shape();
      boolean perRow = shape.length == 2 && (shape[1] == 1 || shape[1] < 0) || shape.length == 1;
      boolean supported = input.datatype().isFloatingPoint() || input.datatype() == Datatype.BYTES;
      if (!perRow || !supported) {
        throw new IllegalArgumentException(
            "validate mode scores tabular models with one [batch, n] FP32/FP64 input or one"
                + " [batch, 1] FP32/FP64/BYTES input per column; this model has "
                + inputs);
      }
      if (!set.header().contains(input.name())) {
        throw new IllegalArgumentException(
            "the model's input "
                + input.name()
                + " is not a column of the golden set "
                + set.header());
      }
      columns.add(new Column(input, set.column(input.name())));
    }
    return new PerColumn(columns);
  }

  /** One [batch, n] floating-point matrix of the feature columns, in order. */
  record Matrix(TensorSpec input, int[] columns) implements FeatureTensors {
    @Override
    public List<Tensor> batch(List<String[]> rows) {
      int n = rows.size();
      int w = columns.length;
      long[] shape = {n, w};
      if (input.datatype() == Datatype.FP32) {
        float[] data = new float[n * w];
        for (int r = 0; r < n; r++) {
          for (int c = 0; c < w; c++) {
            data[r * w + c] = Float.parseFloat(rows.get(r)[columns[c]]);
          }
        }
        return List.of(new Tensor(input.name(), Datatype.FP32, shape, data));
      }
      double[] data = new double[n * w];
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < w; c++) {
          data[r * w + c] = Double.parseDouble(rows.get(r)[columns[c]]);
        }
      }
      return List.of(new Tensor(input.name(), Datatype.FP64, shape, data));
    }
  }

  /** An input fed from the golden-set column of its name. */
  record Column(TensorSpec input, int column) {
    Tensor of(List<String[]> rows) {
      int n = rows.size();
      long[] shape = input.shape().length == 1 ? new long[] {n} : new long[] {n, 1};
      return switch (input.datatype()) {
        case FP32 -> {
          float[] data = new float[n];
          for (int r = 0; r < n; r++) {
            data[r] = Float.parseFloat(rows.get(r)[column]);
          }
          yield new Tensor(input.name(), Datatype.FP32, shape, data);
        }
        case FP64 -> {
          double[] data = new double[n];
          for (int r = 0; r < n; r++) {
            data[r] = Double.parseDouble(rows.get(r)[column]);
          }
          yield new Tensor(input.name(), Datatype.FP64, shape, data);
        }
        default -> {
          String[] data = new String[n];
          for (int r = 0; r < n; r++) {
            data[r] = rows.get(r)[column];
          }
          yield new Tensor(input.name(), Datatype.BYTES, shape, data);
        }
      };
    }
  }

  /** One tensor per input. */
  record PerColumn(List<Column> columns) implements FeatureTensors {
    @Override
    public List<Tensor> batch(List<String[]> rows) {
      return columns.stream().map(c -> c.of(rows)).toList();
    }
  }
}
