package dev.gantry.inference.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quality gates written as {@code metric>=value} or {@code metric<=value}. */
public final class Gates {

  private static final Pattern GATE =
      Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(>=|<=)\\s*(\\S+)\\s*");

  private Gates() {}

  /** The gates that do not hold for {@code metrics}; a metric that is absent fails its gate. */
  public static List<String> failed(Map<String, Double> metrics, List<String> gates) {
    List<String> failed = new ArrayList<>();
    for (String gate : gates) {
      Matcher m = GATE.matcher(gate);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "gate '" + gate + "' is not metric>=value or metric<=value");
      }
      Double actual = metrics.get(m.group(1));
      double bound = Double.parseDouble(m.group(3));
      boolean holds =
          actual != null
              && !actual.isNaN()
              && (m.group(2).equals(">=") ? actual >= bound : actual <= bound);
      if (!holds) {
        failed.add(gate.trim() + " (actual " + actual + ")");
      }
    }
    return failed;
  }
}
