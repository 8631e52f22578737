package dev.gantry.training;

import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Decides the label column, the positive class and each feature's type from the hyperparameters,
 * inferring what they leave open. Rules (documented in docs/training-contract.md):
 *
 * <ul>
 *   <li>label: {@code labelColumn}, else the first column named label, target, class, y or is_fraud
 *       (any case), else the last column
 *   <li>positive class: {@code positiveLabel}, else 1 / true / yes / fraud when present, else the
 *       less frequent value
 *   <li>feature type: as declared, else numeric when every value is a finite decimal number, else
 *       categorical
 * </ul>
 */
public final class SchemaResolver {
  static final String REASON = "InvalidDataset";
  static final String RESERVED_OUTPUT_NAME = "output";
  private static final List<String> LABEL_NAMES =
      List.of("label", "target", "class", "y", "is_fraud");
  private static final List<String> POSITIVE_VALUES = List.of("1", "true", "yes", "fraud");
  // Plain decimal numbers only: Double.parseDouble would also take "NaN", "0x1p3" or "1d".
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private SchemaResolver() {}

  public static boolean isNumber(String value) {
    return NUMBER.matcher(value.trim()).matches();
  }

  public static DatasetSchema resolve(CsvTable table, Hyperparameters h) {
    List<String> header = table.header();
    String label = labelColumn(header, h.labelColumn());
    Set<String> declared = new LinkedHashSet<>();
    declared.addAll(h.numericFeatures());
    declared.addAll(h.categoricalFeatures());
    declared.addAll(h.ignoreColumns());
    for (String name : declared) {
      if (!header.contains(name)) {
        throw new BadInputException(
            REASON, "hyperparameters name column '" + name + "' but the dataset has " + header);
      }
    }
    if (declared.contains(label)) {
      throw new BadInputException(
          "InvalidHyperparameters",
          "label column '" + label + "' is also listed as a feature or ignored");
    }
    List<DatasetSchema.Feature> features = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      if (name.equals(label) || h.ignoreColumns().contains(name)) {
        continue;
      }
      if (name.equals(RESERVED_OUTPUT_NAME)) {
        throw new BadInputException(
            REASON, "feature column name 'output' is reserved for the model's output; rename it");
      }
      if (h.numericFeatures().contains(name)) {
        features.add(new DatasetSchema.Feature(name, FeatureType.NUMERIC, true));
      } else if (h.categoricalFeatures().contains(name)) {
        features.add(new DatasetSchema.Feature(name, FeatureType.CATEGORICAL, true));
      } else {
        features.add(new DatasetSchema.Feature(name, inferType(table, c), false));
      }
    }
    if (features.isEmpty()) {
      throw new BadInputException(REASON, "the dataset has no feature columns besides the label");
    }
    String[] classes = classes(table, table.columnIndex(label), h.positiveLabel());
    return new DatasetSchema(label, classes[0], classes[1], List.copyOf(features));
  }

  private static String labelColumn(List<String> header, String declared) {
    if (declared != null) {
      if (!header.contains(declared)) {
        throw new BadInputException(
            REASON,
            "label column '" + declared + "' is missing; the dataset has columns " + header);
      }
      return declared;
    }
    for (String candidate : LABEL_NAMES) {
      for (String column : header) {
        if (column.toLowerCase(Locale.ROOT).equals(candidate)) {
          return column;
        }
      }
    }
    return header.get(header.size() - 1);
  }

  private static FeatureType inferType(CsvTable table, int column) {
    for (String[] row : table.rows()) {
      if (!isNumber(row[column])) {
        return FeatureType.CATEGORICAL;
      }
    }
    return FeatureType.NUMERIC;
  }

  /** The two classes, positive first. */
  private static String[] classes(CsvTable table, int column, String declaredPositive) {
    String name = table.header().get(column);
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (int r = 0; r < table.rows().size(); r++) {
      String value = table.rows().get(r)[column].trim();
      if (value.isEmpty()) {
        throw new BadInputException(
            REASON, "label column '" + name + "' is empty on line " + table.lineNumbers()[r]);
      }
      counts.merge(value, 1, Integer::sum);
    }
    if (counts.size() != 2) {
      throw new BadInputException(
          REASON,
          "label column '"
              + name
              + "' must hold exactly 2 classes for binary classification, found "
              + counts.size()
              + (counts.size() <= 10 ? " " + counts.keySet() : ""));
    }
    String first = counts.firstKey();
    String second = counts.lastKey();
    String positive;
    if (declaredPositive != null) {
      if (!counts.containsKey(declaredPositive)) {
        throw new BadInputException(
            "InvalidHyperparameters",
            "positiveLabel '"
                + declaredPositive
                + "' is not a value of column '"
                + name
                + "': "
                + counts.keySet());
      }
      positive = declaredPositive;
    } else {
      positive = conventionalPositive(first, second);
      if (positive == null) {
        // The rarer class is the interesting one (fraud, churn, failure); ties: the later name.
        positive = counts.get(first) < counts.get(second) ? first : second;
      }
    }
    return new String[] {positive, positive.equals(first) ? second : first};
  }

  private static String conventionalPositive(String a, String b) {
    for (String candidate : POSITIVE_VALUES) {
      boolean isA = a.equalsIgnoreCase(candidate);
      boolean isB = b.equalsIgnoreCase(candidate);
      if (isA != isB) {
        return isA ? a : b;
      }
    }
    return null;
  }
}
