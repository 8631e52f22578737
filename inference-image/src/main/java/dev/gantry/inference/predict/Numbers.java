package dev.gantry.inference.predict;

import java.nio.charset.StandardCharsets;

/**
 * Parses CSV cells as numbers straight from bytes, with the exact results of {@link
 * Float#parseFloat} and {@link Double#parseDouble}: plain decimals of up to 18 significant digits
 * and a small exponent take Clinger's fast path (a long mantissa times or divided by an exact power
 * of ten, one correctly rounded double operation); anything else (more digits, large exponents,
 * NaN, Infinity, hex) goes through the JDK parser on a String. A batch file's cells are almost all
 * the fast case, which is what makes scoring keep up with pandas' C parser.
 */
final class Numbers {

  /** Powers of ten a double holds exactly. */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Numbers() {}

  /**
   * @throws NumberFormatException when the bytes are not a number
   */
  static float parseFloat(byte[] b, int from, int to) {
    double d = fastDouble(b, from, to);
    if (!Double.isNaN(d)) {
      // Rounding the correctly rounded double to float equals rounding the exact value to float
      // unless the double landed exactly on a midpoint between two floats (then the exact value
      // may lie on either side of it), or is outside the normal float range.
      long bits = Double.doubleToRawLongBits(d);
      double abs = Math.abs(d);
      if ((bits & 0x1FFFFFFFL) != 0x10000000L
          && (abs == 0 || (abs >= Float.MIN_NORMAL && abs <= Float.MAX_VALUE))) {
        return (float) d;
      }
    }
    return Float.parseFloat(text(b, from, to));
  }

  /**
   * @throws NumberFormatException when the bytes are not a number
   */
  static double parseDouble(byte[] b, int from, int to) {
    double d = fastDouble(b, from, to);
    return Double.isNaN(d) ? Double.parseDouble(text(b, from, to)) : d;
  }

  /** The value when Clinger's fast path applies, else NaN (meaning: ask the JDK). */
  private static double fastDouble(byte[] b, int from, int to) {
    int i = from;
    if (i == to) {
      return Double.NaN;
    }
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean any = false;
    for (; i < to; i++) {
      int c = b[i] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      any = true;
      if (mantissa != 0 || c != 0) {
        digits++;
      }
      mantissa = mantissa * 10 + c;
    }
    if (i < to && b[i] == '.') {
      i++;
      for (; i < to; i++) {
        int c = b[i] - '0';
        if (c < 0 || c > 9) {
          break;
        }
        any = true;
        if (mantissa != 0 || c != 0) {
          digits++;
        }
        mantissa = mantissa * 10 + c;
        scale--;
      }
    }
    if (!any || digits > 18) {
      return Double.NaN;
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean negativeExp = false;
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        negativeExp = b[i] == '-';
        i++;
      }
      int exp = 0;
      int expDigits = 0;
      for (; i < to; i++) {
        int c = b[i] - '0';
        if (c < 0 || c > 9 || expDigits > 4) {
          return Double.NaN;
        }
        exp = exp * 10 + c;
        expDigits++;
      }
      if (expDigits == 0) {
        return Double.NaN;
      }
      scale += negativeExp ? -exp : exp;
    }
    if (i != to || mantissa > (1L << 53)) {
      return Double.NaN;
    }
    double m = mantissa;
    double v;
    if (scale == 0) {
      v = m;
    } else if (scale < 0 && scale >= -22) {
      v = m / POW10[-scale];
    } else if (scale > 0 && scale <= 22) {
      v = m * POW10[scale];
      if (Double.isInfinite(v)) {
        return Double.NaN;
      }
    } else {
      return Double.NaN;
    }
    return negative ? -v : v;
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
