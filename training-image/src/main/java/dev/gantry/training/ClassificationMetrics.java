package dev.gantry.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out metrics of a binary classifier from its positive-class probabilities.
 *
 * @param accuracy share of rows whose most probable class (p >= 0.5) is right
 * @param auc area under the ROC curve (ties count one half)
 * @param logLoss mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
 * @param f1 F1 score of the positive class
 * @param precision precision of the positive class
 * @param recall recall of the positive class
 */
public record ClassificationMetrics(
    double accuracy, double auc, double logLoss, double f1, double precision, double recall) {

  private static final double EPS = 1e-15;

  public static ClassificationMetrics of(boolean[] positive, double[] probability) {
    int n = positive.length;
    long tp = 0, fp = 0, fn = 0, tn = 0;
    double logLoss = 0;
    for (int i = 0; i < n; i++) {
      boolean predicted = probability[i] >= 0.5;
      if (predicted) {
        tp += positive[i] ? 1 : 0;
        fp += positive[i] ? 0 : 1;
      } else {
        fn += positive[i] ? 1 : 0;
        tn += positive[i] ? 0 : 1;
      }
      double p = Math.min(Math.max(probability[i], EPS), 1 - EPS);
      logLoss -= positive[i] ? Math.log(p) : Math.log(1 - p);
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new ClassificationMetrics(
        (double) (tp + tn) / n, auc(positive, probability), logLoss / n, f1, precision, recall);
  }

  /** Mann-Whitney U statistic over average ranks (ties share their mean rank). */
  static double auc(boolean[] positive, double[] score) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double meanRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          positiveRankSum += meanRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * The metrics by name, as the termination message and ModelVersion carry them. {@code loss} is
   * the log loss again, under the name validation gates use.
   */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", accuracy);
    m.put("auc", auc);
    m.put("logLoss", logLoss);
    m.put("loss", logLoss);
    m.put("f1", f1);
    m.put("precision", precision);
    m.put("recall", recall);
    return m;
  }
}
