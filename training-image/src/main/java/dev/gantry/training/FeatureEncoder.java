package dev.gantry.training;

import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Turns dataset rows into Tribuo examples. Numeric columns are standardised with the training
 * split's mean and standard deviation (SGD needs comparable scales); categorical columns become one
 * indicator feature per category seen in training, named {@code column=value}. Missing and unseen
 * categories set no indicator. The ONNX export rebuilds exactly this encoding in the graph (see
 * {@link OnnxModelBuilder}), so served models take raw column values.
 */
public final class FeatureEncoder {

  /** How one Tribuo feature is computed from a dataset column. */
  public sealed interface Encoded permits Standardized, Indicator {
    String column();
  }

  /** {@code (value - mean) / scale} of a numeric column. */
  public record Standardized(String column, double mean, double scale) implements Encoded {}

  /** 1 when a categorical column equals {@code value}, else 0. */
  public record Indicator(String column, String value) implements Encoded {}

  private final TypedDataset data;
  private final Map<String, Encoded> byTribuoName;
  private final List<String> tribuoNames;
  private final List<Standardized> numeric;
  private final Map<String, Map<String, String>> indicatorNames;

  private FeatureEncoder(FeatureEncoder learned, TypedDataset data) {
    this.data = data;
    this.byTribuoName = learned.byTribuoName;
    this.tribuoNames = learned.tribuoNames;
    this.numeric = learned.numeric;
    this.indicatorNames = learned.indicatorNames;
  }

  /** The same learned encoding applied to the rows of another dataset with the same schema. */
  public FeatureEncoder withData(TypedDataset other) {
    return new FeatureEncoder(this, other);
  }

  /** Learns the encoding from the training rows only. */
  public FeatureEncoder(TypedDataset data, int[] trainRows) {
    this.data = data;
    this.byTribuoName = new HashMap<>();
    this.tribuoNames = new ArrayList<>();
    this.numeric = new ArrayList<>();
    this.indicatorNames = new java.util.LinkedHashMap<>();
    for (DatasetSchema.Feature feature : data.schema().features()) {
      if (feature.type() == FeatureType.NUMERIC) {
        double[] values = data.numeric(feature.name());
        double sum = 0;
        for (int r : trainRows) {
          sum += values[r];
        }
        double mean = sum / trainRows.length;
        double squares = 0;
        for (int r : trainRows) {
          squares += (values[r] - mean) * (values[r] - mean);
        }
        double std = Math.sqrt(squares / trainRows.length);
        Standardized s = new Standardized(feature.name(), mean, std > 0 ? std : 1.0);
        numeric.add(s);
        register(feature.name(), s);
      } else {
        String[] values = data.categorical(feature.name());
        TreeSet<String> categories = new TreeSet<>();
        for (int r : trainRows) {
          if (!values[r].isEmpty()) {
            categories.add(values[r]);
          }
        }
        Map<String, String> names = new HashMap<>();
        for (String category : categories) {
          String name = feature.name() + "=" + category;
          names.put(category, name);
          register(name, new Indicator(feature.name(), category));
        }
        indicatorNames.put(feature.name(), names);
      }
    }
  }

  private void register(String tribuoName, Encoded encoded) {
    if (byTribuoName.putIfAbsent(tribuoName, encoded) != null) {
      throw new BadInputException(
          SchemaResolver.REASON,
          "feature name '" + tribuoName + "' is ambiguous: a column and a column=category clash");
    }
    tribuoNames.add(tribuoName);
  }

  /** How the Tribuo feature of that name is computed. */
  public Encoded encodingOf(String tribuoName) {
    Encoded e = byTribuoName.get(tribuoName);
    if (e == null) {
      throw new IllegalStateException(
          "model feature '" + tribuoName + "' was not produced by the encoder");
    }
    return e;
  }

  public Example<Label> encode(int row) {
    List<String> names = new ArrayList<>(tribuoNames.size());
    List<Double> values = new ArrayList<>(tribuoNames.size());
    for (Standardized s : numeric) {
      names.add(s.column());
      values.add((data.numeric(s.column())[row] - s.mean()) / s.scale());
    }
    for (Map.Entry<String, Map<String, String>> column : indicatorNames.entrySet()) {
      String name = column.getValue().get(data.categorical(column.getKey())[row]);
      if (name != null) {
        names.add(name);
        values.add(1.0);
      }
    }
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return new ArrayExample<>(new Label(data.labelOf(row)), names.toArray(String[]::new), v);
  }
}
