package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.GoldenSet;
import dev.gantry.api.v1alpha1.modelversion.ValidationGate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a ModelVersion's gates to its training metrics (spec.metrics) and to the metrics its
 * validation measured on the golden set. A gate must hold on every source that reports its metric,
 * and at least one source must report it. Pure.
 *
 * @param failures one line per failed check, e.g. {@code auc 0.81 < min 0.90 (golden set)}
 * @param checked how many gates (and the golden set's minAccuracy) were checked
 */
public record GateEvaluation(List<String> failures, int checked) {
  static final String TRAINING = "training";
  static final String GOLDEN_SET = "golden set";

  public boolean passed() {
    return failures.isEmpty();
  }

  public static GateEvaluation evaluate(
      List<ValidationGate> gates,
      GoldenSet goldenSet,
      Map<String, String> training,
      Map<String, String> validation) {
    Map<String, String> trained = training == null ? Map.of() : training;
    Map<String, String> measured = validation == null ? Map.of() : validation;
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (ValidationGate gate : gates == null ? List.<ValidationGate>of() : gates) {
      checked++;
      boolean reported = false;
      if (trained.containsKey(gate.metric)) {
        reported = true;
        check(gate.metric, trained.get(gate.metric), gate.min, gate.max, TRAINING, failures);
      }
      if (measured.containsKey(gate.metric)) {
        reported = true;
        check(gate.metric, measured.get(gate.metric), gate.min, gate.max, GOLDEN_SET, failures);
      }
      if (!reported) {
        failures.add(gate.metric + " is reported neither by training nor by validation");
      }
    }
    if (goldenSet != null && goldenSet.minAccuracy != null) {
      checked++;
      if (measured.containsKey("accuracy")) {
        check(
            "accuracy",
            measured.get("accuracy"),
            goldenSet.minAccuracy,
            null,
            GOLDEN_SET,
            failures);
      } else {
        failures.add("accuracy was not measured on the golden set");
      }
    }
    return new GateEvaluation(List.copyOf(failures), checked);
  }

  private static void check(
      String metric, String value, String min, String max, String source, List<String> failures) {
    BigDecimal actual = Decimals.parse(value).orElse(null);
    if (actual == null) {
      failures.add(metric + " \"" + value + "\" is not a decimal (" + source + ")");
      return;
    }
    BigDecimal lower = min == null ? null : Decimals.parse(min).orElse(null);
    BigDecimal upper = max == null ? null : Decimals.parse(max).orElse(null);
    if (lower != null && actual.compareTo(lower) < 0) {
      failures.add(metric + " " + value + " < min " + min + " (" + source + ")");
    }
    if (upper != null && actual.compareTo(upper) > 0) {
      failures.add(metric + " " + value + " > max " + max + " (" + source + ")");
    }
  }
}
