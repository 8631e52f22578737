package dev.gantry.training;

import java.util.List;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * A trained Tribuo model together with the data and encoding it was trained with.
 *
 * @param model the Tribuo model
 * @param encoder how rows become its examples
 * @param data the whole dataset
 * @param split which rows were trained on and which held out
 * @param epochLosses the mean training loss of each epoch
 */
public record TrainedModel(
    Model<Label> model,
    FeatureEncoder encoder,
    TypedDataset data,
    Split split,
    List<Double> epochLosses) {

  /** The in-memory (Tribuo, double precision) positive-class probability of each row. */
  public double[] positiveProbabilities(int[] rows) {
    String positive = data.schema().positiveLabel();
    double[] p = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      Prediction<Label> prediction = model.predict(encoder.encode(rows[i]));
      Label score = prediction.getOutputScores().get(positive);
      p[i] = score == null ? 0.0 : score.getScore();
    }
    return p;
  }

  /** The output column of the positive class in the exported model. */
  public int positiveOutputColumn() {
    return model.getOutputIDInfo().getID(new Label(data.schema().positiveLabel()));
  }

  /** Held-out metrics. */
  public ClassificationMetrics evaluate() {
    int[] test = split.test();
    boolean[] truth = new boolean[test.length];
    for (int i = 0; i < test.length; i++) {
      truth[i] = data.isPositive(test[i]);
    }
    return ClassificationMetrics.of(truth, positiveProbabilities(test));
  }
}
