package dev.gantry.inference.validate;

import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a tabular model on a golden set: one [batch, n] FP32/FP64 input, or one [batch, 1] input
 * per column (numbers, or strings for BYTES), as the training image exports them. An output with
 * two or more columns is read as class scores: accuracy, plus ROC AUC for two classes. A
 * single-column output is read as a regression: RMSE and MAE.
 */
public final class GoldenSetEvaluator {

  private GoldenSetEvaluator() {}

  public static Map<String, Double> evaluate(
      OrtModel model,
      GoldenSet set,
      List<String> featureColumns,
      String labelColumn,
      List<String> classLabels,
      int batchSize)
      throws Exception {
    FeatureTensors features = FeatureTensors.of(model.signature().inputs(), set, featureColumns);
    int labelAt = set.column(labelColumn);
    TensorSpec output = model.signature().outputs().get(0);

    List<float[]> scores = new ArrayList<>();
    int k = -1;
    for (int from = 0; from < set.rows().size(); from += batchSize) {
      List<String[]> rows = set.rows().subList(from, Math.min(set.rows().size(), from + batchSize));
      Tensor out = model.run(features.batch(rows), Set.of(output.name())).get(0);
      int n = rows.size();
      k = (int) (out.length() / n);
      for (int r = 0; r < n; r++) {
        float[] row = new float[k];
        for (int c = 0; c < k; c++) {
          row[c] = (float) out.valueAt(r * k + c);
        }
        scores.add(row);
      }
    }
    double[] labels = new double[set.rows().size()];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = label(set.rows().get(r)[labelAt], classLabels, k >= 2);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rows", (double) labels.length);
    if (k >= 2) {
      int correct = 0;
      for (int r = 0; r < labels.length; r++) {
        if (argmax(scores.get(r)) == (int) labels[r]) {
          correct++;
        }
      }
      metrics.put("accuracy", labels.length == 0 ? 0 : (double) correct / labels.length);
      if (k == 2) {
        double[] positive = scores.stream().mapToDouble(s -> s[1]).toArray();
        metrics.put("auc", auc(positive, labels));
      }
    } else {
      double se = 0;
      double ae = 0;
      for (int r = 0; r < labels.length; r++) {
        double e = scores.get(r)[0] - labels[r];
        se += e * e;
        ae += Math.abs(e);
      }
      metrics.put("rmse", Math.sqrt(se / Math.max(1, labels.length)));
      metrics.put("mae", ae / Math.max(1, labels.length));
    }
    return metrics;
  }

  private static double label(String cell, List<String> classLabels, boolean classification) {
    if (classification && !classLabels.isEmpty()) {
      int i = classLabels.indexOf(cell);
      if (i < 0) {
        throw new IllegalArgumentException(
            "label '" + cell + "' is not one of the class labels " + classLabels);
      }
      return i;
    }
    return Double.parseDouble(cell);
  }

  private static int argmax(float[] s) {
    int best = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[best]) {
        best = i;
      }
    }
    return best;
  }

  /** ROC AUC by the rank-sum (Mann-Whitney) formula, ties sharing their average rank. */
  static double auc(double[] score, double[] label) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double[] rank = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        rank[order[t]] = avg;
      }
      i = j + 1;
    }
    long pos = 0;
    double rankSum = 0;
    for (int i = 0; i < n; i++) {
      if (label[i] == 1) {
        pos++;
        rankSum += rank[i];
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
