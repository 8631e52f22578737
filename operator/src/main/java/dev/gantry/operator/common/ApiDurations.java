package dev.gantry.operator.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go-style durations the CRDs accept ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}),
 * read once for every kind; the CRD patterns have already refused anything else.
 */
public final class ApiDurations {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private ApiDurations() {}

  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 30s, 5m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(trimmed);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total;
  }

  /** The duration, or {@code fallback} when the field is unset. */
  public static Duration parse(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }

  /** "31m", "1h5m", "45s": how people read an elapsed time in a message. */
  public static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    if (h == 0) {
      return m + "m";
    }
    return m == 0 ? h + "h" : h + "h" + m + "m";
  }

  /** A PromQL range such as 45s: whole seconds, rounded up, at least one. */
  public static String promRange(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000) + "s";
  }
}
