package dev.gantry.inference.validation;

import dev.gantry.contract.FeatureBaseline;
import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import java.util.List;
import java.util.Map;

/**
 * The per-value rules every input value must pass, shared by the online server ({@link
 * InferRequestValidator}) and the batch {@code predict} mode so that a row refused by one is
 * refused by the other: NaN/Inf per the non-finite policy, and, with a baseline, the training range
 * (widened by the range margin) or the categories seen in training, per the validation mode. Each
 * check answers null when the value passes, else the problem without its location, which the caller
 * prefixes (an input and row for the server, a CSV column for predict).
 */
public final class ValueRules {

  private final ValidationMode mode;
  private final NonFinitePolicy nonFinite;
  private final double rangeMargin;

  public ValueRules(ValidationMode mode, NonFinitePolicy nonFinite, double rangeMargin) {
    this.mode = mode;
    this.nonFinite = nonFinite;
    this.rangeMargin = rangeMargin;
  }

  public ValidationMode mode() {
    return mode;
  }

  /** Whether range and category checks run at all (Warn and Reject). */
  public boolean checksRanges() {
    return mode != ValidationMode.Off;
  }

  /** Whether a range or category problem refuses the value (Reject) or only warns (Warn). */
  public boolean rejectsOutOfRange() {
    return mode == ValidationMode.Reject;
  }

  public boolean rejectsNonFinite() {
    return nonFinite == NonFinitePolicy.Reject;
  }

  /** The problem with a NaN or infinite floating-point value, or null. */
  public String nonFinite(double v) {
    if (nonFinite == NonFinitePolicy.Allow || Double.isFinite(v)) {
      return null;
    }
    return "is "
        + v
        + "; NaN and infinite values are refused (gantry.validation.non-finite=Reject)";
  }

  /**
   * The allowed range of a numeric feature: its baseline [min, max] widened by the margin, or null
   * when the baseline has no bins (or the feature is categorical).
   */
  public Range range(FeatureBaseline f) {
    if (f.type() == FeatureBaseline.FeatureType.CATEGORICAL) {
      return null;
    }
    List<Double> edges = f.binEdges();
    if (edges == null || edges.size() < 2) {
      return null;
    }
    double min = edges.get(0);
    double max = edges.get(edges.size() - 1);
    double slack = (max - min) * rangeMargin;
    return new Range(min, max, min - slack, max + slack, rangeMargin);
  }

  /** The categories seen in training, or null when the feature is not checked against them. */
  public static Map<String, Long> categories(FeatureBaseline f) {
    if (f.type() != FeatureBaseline.FeatureType.CATEGORICAL) {
      return null;
    }
    Map<String, Long> categories = f.categories();
    return categories == null || categories.isEmpty() ? null : categories;
  }

  /** The problem with a category key never seen in training, or null (null keys pass). */
  public static String unknownCategory(Map<String, Long> categories, String key) {
    if (categories == null || key == null || categories.containsKey(key)) {
      return null;
    }
    return "value '" + key + "' is not a category seen in training (gantry.validation.mode=Reject)";
  }

  /**
   * A numeric feature's allowed range; checking is two comparisons, cheap enough for every value of
   * a batch file.
   */
  public record Range(double min, double max, double lo, double hi, double margin) {

    /** The problem with a finite value outside [lo, hi], or null (non-finite values pass). */
    public String check(double v) {
      if (!Double.isFinite(v) || (v >= lo && v <= hi)) {
        return null;
      }
      return "value "
          + v
          + " is outside the allowed range ["
          + lo
          + ", "
          + hi
          + "] (training range ["
          + min
          + ", "
          + max
          + "] widened by gantry.validation.range-margin="
          + margin
          + "; gantry.validation.mode=Reject)";
    }
  }
}
