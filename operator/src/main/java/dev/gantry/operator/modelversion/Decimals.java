package dev.gantry.operator.modelversion;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Decimal strings as the Gantry API writes metrics and bounds: 0.93, -1, 12.5 (no exponent). */
final class Decimals {
  private static final Pattern DECIMAL = Pattern.compile("^-?[0-9]+([.][0-9]+)?$");

  private Decimals() {}

  static Optional<BigDecimal> parse(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text));
  }

  /** A measured value as a decimal string; empty for NaN and infinities, which have none. */
  static Optional<String> of(double value) {
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    return Optional.of(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
  }
}
