package dev.gantry.training;

import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.List;

/**
 * What each dataset column is for.
 *
 * @param labelColumn the column holding the class
 * @param positiveLabel the label value of the positive class (AUC, F1, output column 1)
 * @param negativeLabel the other label value
 * @param features the feature columns, in file order; they become the model's inputs
 */
public record DatasetSchema(
    String labelColumn, String positiveLabel, String negativeLabel, List<Feature> features) {

  /**
   * @param name column name = model input name
   * @param type numeric or categorical
   * @param declared true when the hyperparameters named its type, false when inferred
   */
  public record Feature(String name, FeatureType type, boolean declared) {}
}
