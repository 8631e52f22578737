package dev.gantry.inference.validation;

import dev.gantry.contract.FeatureBaseline;

/**
 * Where a baseline feature lives in the model's inputs.
 *
 * @param input the model input carrying the feature
 * @param column the column in a [batch, columns] input, or -1 when the whole input is the feature
 * @param columns the input's row width (1 when the whole input is the feature)
 */
public record FeatureBinding(FeatureBaseline feature, String input, int column, int columns) {

  /** Flat index of this feature's value in row {@code row}. */
  public int index(int row) {
    return column < 0 ? row : row * columns + column;
  }

  /** Rows of this feature present in a tensor of {@code length} elements. */
  public int rows(int length) {
    return column < 0 ? length : length / columns;
  }
}
