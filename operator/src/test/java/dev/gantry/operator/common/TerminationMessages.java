package dev.gantry.operator.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Termination messages for the parsers' fuzz tests: JSON objects with the contract's fields, each
 * usually plausible and sometimes of the wrong kind (huge, non-finite, negative, nested), and
 * character-level mutants of them. Messages are what a pod writes to /dev/termination-log (at most
 * 4096 bytes, any text with FallbackToLogsOnError).
 */
public final class TerminationMessages {

  private static final String[] TOKENS = {
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "-1",
    "1e999",
    "-1e999",
    "1e308",
    "123456789012345678901234567890",
    "\\u0000",
    "\\",
    "NaN",
    "\n{"
  };

  private TerminationMessages() {}

  /** A JSON value as text: numbers of every size, strings, booleans, null, small containers. */
  public static Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "0",
            "1",
            "-1",
            "0.93",
            "1e999",
            "-1e999",
            "1e-999",
            "1e308",
            "4.9e-324",
            "123456789012345678901234567890",
            "true",
            "false",
            "null",
            "\"\"",
            "\"x\"",
            "[]",
            "{}",
            "[1, 2]",
            "{\"a\": 1}"),
        Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0"),
        Arbitraries.strings().ofMaxLength(8).map(TerminationMessages::quote));
  }

  /** A JSON object of the given fields, each given its plausible value or a random one. */
  public static Arbitrary<String> object(List<String> fields, List<Arbitrary<String>> plausible) {
    List<Arbitrary<String>> entries = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      Arbitrary<String> v =
          Arbitraries.frequencyOf(
              net.jqwik.api.Tuple.of(6, plausible.get(i)),
              net.jqwik.api.Tuple.of(2, value()),
              net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
      entries.add(v.map(x -> x == null ? "" : quote(field) + ": " + x));
    }
    return Combinators.combine(entries)
        .as(
            parts ->
                parts.stream()
                    .filter(p -> !p.isEmpty())
                    .collect(Collectors.joining(", ", "{", "}")));
  }

  /** Metrics objects: names to numbers, some non-finite or not numbers at all. */
  public static Arbitrary<String> metrics() {
    return Arbitraries.maps(Arbitraries.of("accuracy", "auc", "loss", "rmse", "x"), value())
        .ofMaxSize(4)
        .map(
            m ->
                m.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}")));
  }

  /** The message, or a mutant of it: characters flipped, cut, or tokens spliced in. */
  public static Arbitrary<String> mutated(Arbitrary<String> messages) {
    return Combinators.combine(messages, Arbitraries.longs(), Arbitraries.integers().between(0, 4))
        .as(
            (m, seed, n) -> {
              Random r = new Random(seed);
              StringBuilder b = new StringBuilder(m);
              for (int i = 0; i < n; i++) {
                int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
                switch (r.nextInt(3)) {
                  case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                  case 1 -> {
                    if (at < b.length()) {
                      b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(8)));
                    }
                  }
                  default -> {
                    if (at < b.length()) {
                      b.setCharAt(at, (char) r.nextInt(128));
                    }
                  }
                }
              }
              return b.toString();
            });
  }

  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
