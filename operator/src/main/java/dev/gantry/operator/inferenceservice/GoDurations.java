package dev.gantry.operator.inferenceservice;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Go-style durations the CRDs accept (30s, 5m, 1h30m, 500ms). */
final class GoDurations {
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private GoDurations() {}

  static Duration parse(String text) {
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }

  /** A PromQL range such as 45s (whole seconds, at least one). */
  static String promRange(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000) + "s";
  }
}
