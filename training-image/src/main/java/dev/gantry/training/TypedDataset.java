package dev.gantry.training;

import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dataset as typed columns: {@code double[]} for numeric features, {@code String[]} for
 * categorical ones (an empty string is a missing category), and the label as positive/negative.
 */
public final class TypedDataset {
  private final DatasetSchema schema;
  private final Map<String, double[]> numeric = new LinkedHashMap<>();
  private final Map<String, String[]> categorical = new LinkedHashMap<>();
  private final boolean[] positive;

  private TypedDataset(DatasetSchema schema, int rows) {
    this.schema = schema;
    this.positive = new boolean[rows];
  }

  /**
   * Converts the table's columns to their schema types.
   *
   * @throws BadInputException for an empty or non-numeric value in a numeric column, naming the
   *     column, the line and the value
   */
  public static TypedDataset of(CsvTable table, DatasetSchema schema) {
    int rows = table.rows().size();
    TypedDataset data = new TypedDataset(schema, rows);
    for (DatasetSchema.Feature feature : schema.features()) {
      int c = table.columnIndex(feature.name());
      if (feature.type() == FeatureType.NUMERIC) {
        double[] values = new double[rows];
        for (int r = 0; r < rows; r++) {
          String cell = table.rows().get(r)[c].trim();
          if (!SchemaResolver.isNumber(cell)) {
            throw new BadInputException(
                SchemaResolver.REASON,
                "numeric column '"
                    + feature.name()
                    + "' has "
                    + (cell.isEmpty() ? "an empty value" : "the non-numeric value '" + cell + "'")
                    + " on line "
                    + table.lineNumbers()[r]
                    + (feature.declared()
                        ? ""
                        : " (declare it in categoricalFeatures if it is a category)"));
          }
          values[r] = Double.parseDouble(cell);
        }
        data.numeric.put(feature.name(), values);
      } else {
        String[] values = new String[rows];
        for (int r = 0; r < rows; r++) {
          values[r] = table.rows().get(r)[c].trim();
        }
        data.categorical.put(feature.name(), values);
      }
    }
    int labelColumn = table.columnIndex(schema.labelColumn());
    for (int r = 0; r < rows; r++) {
      data.positive[r] = table.rows().get(r)[labelColumn].trim().equals(schema.positiveLabel());
    }
    return data;
  }

  public DatasetSchema schema() {
    return schema;
  }

  public int rows() {
    return positive.length;
  }

  public double[] numeric(String feature) {
    return numeric.get(feature);
  }

  public String[] categorical(String feature) {
    return categorical.get(feature);
  }

  public boolean isPositive(int row) {
    return positive[row];
  }

  public String labelOf(int row) {
    return positive[row] ? schema.positiveLabel() : schema.negativeLabel();
  }

  public long positiveCount() {
    long n = 0;
    for (boolean p : positive) {
      n += p ? 1 : 0;
    }
    return n;
  }
}
