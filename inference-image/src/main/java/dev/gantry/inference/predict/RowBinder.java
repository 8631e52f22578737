package dev.gantry.inference.predict;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import dev.gantry.inference.validation.CategoryKeys;
import dev.gantry.inference.validation.FeatureBinding;
import dev.gantry.inference.validation.FeatureMap;
import dev.gantry.inference.validation.ValueRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a CSV file's columns to the model's inputs the way the validate mode does ({@link
 * dev.gantry.inference.validate.FeatureTensors}): either one [batch, n] FP32/FP64 matrix of the
 * feature columns (in the baseline's order when the baseline names them all, else the file's
 * columns without the id column and a "label" column), or one [batch, 1] FP32/FP64/BYTES input per
 * column of its name. Other columns are ignored.
 *
 * <p>{@link #add} parses one row into the batch buffers and checks it with the server's {@link
 * ValueRules} (non-finite values; ranges and categories of the baseline features, bound to the
 * inputs exactly as the server binds them): a row the server would refuse is refused here, with a
 * reason naming the column and the problem.
 */
final class RowBinder {

  /** One cell that feeds the model. */
  private record Cell(
      String column,
      int csvColumn,
      int input,
      int offset,
      Datatype datatype,
      ValueRules.Range range,
      Map<String, Long> categories,
      boolean warnOnly) {}

  private final List<TensorSpec> inputs;
  private final int[] widths;
  private final Cell[] cells;
  private final int headerCells;
  private final int capacity;
  private final Object[] buffers;
  private final ValueRules rules;
  private int rows;

  private RowBinder(
      List<TensorSpec> inputs,
      int[] widths,
      Cell[] cells,
      int headerCells,
      int capacity,
      ValueRules rules) {
    this.inputs = inputs;
    this.widths = widths;
    this.cells = cells;
    this.headerCells = headerCells;
    this.capacity = capacity;
    this.rules = rules;
    this.buffers = new Object[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      int n = capacity * widths[i];
      buffers[i] =
          switch (inputs.get(i).datatype()) {
            case FP32 -> new float[n];
            case FP64 -> new double[n];
            default -> new String[n];
          };
    }
  }

  /**
   * @throws IllegalArgumentException when the model's inputs cannot be fed from this header
   */
  static RowBinder of(
      ModelSignature signature,
      Optional<BaselineStatistics> baseline,
      List<String> header,
      Optional<String> idColumn,
      ValueRules rules,
      int capacity) {
    List<TensorSpec> inputs = signature.inputs();
    List<FeatureBinding> bindings = FeatureMap.bind(signature, baseline);
    List<Cell> cells = new ArrayList<>();
    int[] widths = new int[inputs.size()];
    if (isMatrix(inputs)) {
      TensorSpec input = inputs.get(0);
      List<String> columns = featureColumns(baseline, header, idColumn, input.shape()[1]);
      if (input.shape()[1] >= 0 && input.shape()[1] != columns.size()) {
        throw new IllegalArgumentException(
            "the model input '"
                + input.name()
                + "' has "
                + input.shape()[1]
                + " columns; the CSV's feature columns are "
                + columns);
      }
      widths[0] = columns.size();
      for (int c = 0; c < columns.size(); c++) {
        cells.add(cell(columns.get(c), header, 0, c, input, bindingOf(bindings, input, c), rules));
      }
    } else {
      for (int i = 0; i < inputs.size(); i++) {
        TensorSpec input = inputs.get(i);
        long[] shape = input.shape();
        boolean perRow = shape.length == 1 || shape.length == 2 && (shape[1] == 1 || shape[1] < 0);
        Datatype t = input.datatype();
        if (!perRow || !(t == Datatype.FP32 || t == Datatype.FP64 || t == Datatype.BYTES)) {
          throw new IllegalArgumentException(
              "predict mode scores tabular models with one [batch, n] FP32/FP64 input or one"
                  + " [batch, 1] FP32/FP64/BYTES input per column; this model has "
                  + inputs);
        }
        widths[i] = 1;
        cells.add(cell(input.name(), header, i, 0, input, bindingOf(bindings, input, -1), rules));
      }
    }
    return new RowBinder(
        inputs, widths, cells.toArray(Cell[]::new), header.size(), capacity, rules);
  }

  private static boolean isMatrix(List<TensorSpec> inputs) {
    TensorSpec in = inputs.get(0);
    return inputs.size() == 1
        && in.shape().length == 2
        && in.datatype().isFloatingPoint()
        && in.shape()[1] != 1;
  }

  /** Like ValidateCommand.featureColumns, without the id column (and "label" when it is extra). */
  private static List<String> featureColumns(
      Optional<BaselineStatistics> baseline,
      List<String> header,
      Optional<String> idColumn,
      long width) {
    if (baseline.isPresent() && baseline.get().features() != null) {
      List<String> names = baseline.get().features().stream().map(FeatureBaseline::name).toList();
      if (!names.isEmpty() && header.containsAll(names)) {
        return names;
      }
    }
    List<String> columns =
        header.stream().filter(h -> idColumn.isEmpty() || !h.equals(idColumn.get())).toList();
    if (width >= 0 && columns.size() == width + 1 && columns.contains("label")) {
      columns = columns.stream().filter(h -> !h.equals("label")).toList();
    }
    return columns;
  }

  private static FeatureBinding bindingOf(
      List<FeatureBinding> bindings, TensorSpec input, int column) {
    for (FeatureBinding b : bindings) {
      if (b.input().equals(input.name()) && b.column() == column) {
        return b;
      }
    }
    return null;
  }

  private static Cell cell(
      String column,
      List<String> header,
      int input,
      int offset,
      TensorSpec spec,
      FeatureBinding binding,
      ValueRules rules) {
    int csvColumn = header.indexOf(column);
    if (csvColumn < 0) {
      throw new IllegalArgumentException(
          "the model needs column '" + column + "', which the CSV header " + header + " lacks");
    }
    ValueRules.Range range = null;
    Map<String, Long> categories = null;
    if (binding != null && rules.checksRanges()) {
      categories = ValueRules.categories(binding.feature());
      if (spec.datatype() != Datatype.BYTES) {
        range = rules.range(binding.feature());
      }
    }
    return new Cell(
        column,
        csvColumn,
        input,
        offset,
        spec.datatype(),
        range,
        categories,
        !rules.rejectsOutOfRange());
  }

  /** Rows in the batch. */
  int rows() {
    return rows;
  }

  boolean full() {
    return rows == capacity;
  }

  /**
   * Parses the current row of {@code csv} into the batch.
   *
   * @return null when the row was added, else why it is invalid (not added)
   */
  String add(CsvRows csv) {
    if (csv.cells() != headerCells) {
      return "the row has " + csv.cells() + " cells, the header " + headerCells;
    }
    byte[] b = csv.bytes();
    int row = rows;
    for (Cell c : cells) {
      int from = csv.start(c.csvColumn);
      int to = csv.end(c.csvColumn);
      int at = row * widths[c.input] + c.offset;
      double v;
      try {
        switch (c.datatype) {
          case FP32 -> {
            float f = Numbers.parseFloat(b, from, to);
            ((float[]) buffers[c.input])[at] = f;
            v = f;
          }
          case FP64 -> {
            v = Numbers.parseDouble(b, from, to);
            ((double[]) buffers[c.input])[at] = v;
          }
          default -> {
            String s = csv.cell(c.csvColumn);
            ((String[]) buffers[c.input])[at] = s;
            String problem = ValueRules.unknownCategory(c.categories, s);
            if (problem != null && !c.warnOnly) {
              return "column '" + c.column + "': " + problem;
            }
            continue;
          }
        }
      } catch (NumberFormatException e) {
        return "column '" + c.column + "': '" + csv.cell(c.csvColumn) + "' is not a number";
      }
      String problem = rules.nonFinite(v);
      if (problem == null && !c.warnOnly) {
        if (c.range != null) {
          problem = c.range.check(v);
        } else if (c.categories != null) {
          problem = ValueRules.unknownCategory(c.categories, CategoryKeys.ofNumber(v));
        }
      }
      if (problem != null) {
        return "column '" + c.column + "': value " + problemText(problem);
      }
    }
    rows++;
    return null;
  }

  /** The problem texts start with "value" or "is"; say "value" once. */
  private static String problemText(String problem) {
    return problem.startsWith("value ") ? problem.substring("value ".length()) : problem;
  }

  /** The batch as input tensors, in the model's input order. */
  List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      TensorSpec spec = inputs.get(i);
      long[] shape = spec.shape().length == 1 ? new long[] {rows} : new long[] {rows, widths[i]};
      int n = rows * widths[i];
      Object data =
          switch (spec.datatype()) {
            case FP32 ->
                n == capacity * widths[i] ? buffers[i] : Arrays.copyOf((float[]) buffers[i], n);
            case FP64 ->
                n == capacity * widths[i] ? buffers[i] : Arrays.copyOf((double[]) buffers[i], n);
            default ->
                n == capacity * widths[i] ? buffers[i] : Arrays.copyOf((String[]) buffers[i], n);
          };
      out.add(new Tensor(spec.name(), spec.datatype(), shape, data));
    }
    return out;
  }

  void clear() {
    rows = 0;
  }
}
