package dev.gantry.operator.driftmonitor.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers for the status: plain decimals (no exponent), as the API's decimal fields are written.
 */
public final class DecimalStrings {
  private static final int SIGNIFICANT_DIGITS = 6;

  /** Enough for a Bonferroni-corrected threshold; smaller p-values read as 0. */
  private static final int MAX_DECIMALS = 12;

  private DecimalStrings() {}

  public static String of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS));
    if (rounded.scale() > MAX_DECIMALS) {
      rounded = rounded.setScale(MAX_DECIMALS, RoundingMode.HALF_EVEN);
    }
    rounded = rounded.stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }
}
