package dev.gantry.inference.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level mutations of well-formed seeds, the way a mutation fuzzer perturbs a corpus: flip
 * bits, overwrite, insert, delete, duplicate and splice in tokens that trip parsers (JSON
 * punctuation, huge and non-finite numbers, deep nesting, bad UTF-8, negative lengths). Each
 * mutation is derived from a seed and a random number, so a failure reproduces from jqwik's seed.
 */
public final class Mutations {

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
    "false",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "1.0e-400",
    "99999999999999999999999999999999999999",
    "\"FP32\"",
    "\"FP64\"",
    "\"INT32\"",
    "\"INT64\"",
    "\"BOOL\"",
    "\"BYTES\"",
    "\"FP16\"",
    "\"shape\"",
    "\"data\"",
    "\"inputs\"",
    "\"outputs\"",
    "\"parameters\"",
    "\"binary_data_size\"",
    "\"binary_data\"",
    "\"name\"",
    "\"datatype\"",
    "[[[[[[[[",
    "]]]]]]]]",
    "{\"a\":{\"a\":{\"a\":",
    "\\u0000",
    "\\uD800",
    "\\",
    "\u00ff",
    "\u20ac",
    "[1000000000000,4]",
    "[4294967296,0]"
  };

  private static final byte[][] RAW = {
    {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f},
    {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
    {0, 0, 0, (byte) 0x80},
    {(byte) 0xc3},
    {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    {0}
  };

  private Mutations() {}

  /** Mutants of the given seeds: 1 to 8 mutations each, and sometimes the seed itself. */
  public static Arbitrary<byte[]> of(Arbitrary<byte[]> seeds) {
    return Combinators.combine(seeds, Arbitraries.longs(), Arbitraries.integers().between(0, 8))
        .as((seed, random, n) -> mutate(seed, new Random(random), n));
  }

  public static byte[] mutate(byte[] seed, Random r, int mutations) {
    byte[] b = seed.clone();
    for (int m = 0; m < mutations; m++) {
      b = once(b, r);
    }
    return b;
  }

  private static byte[] once(byte[] b, Random r) {
    int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
    switch (r.nextInt(8)) {
      case 0 -> {
        if (b.length > 0) {
          int i = r.nextInt(b.length);
          b[i] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        if (b.length > 0) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return b;
      }
      case 2 -> {
        int len = b.length - at == 0 ? 0 : r.nextInt(Math.min(32, b.length - at) + 1);
        return splice(b, at, len, new byte[0]);
      }
      case 3 -> {
        int len = Math.min(b.length - at, 1 + r.nextInt(64));
        byte[] copy = new byte[Math.max(0, len)];
        System.arraycopy(b, at, copy, 0, copy.length);
        return splice(b, at, 0, copy);
      }
      case 4, 5 -> {
        byte[] token = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
        int len = r.nextBoolean() || at == b.length ? 0 : r.nextInt(Math.min(8, b.length - at) + 1);
        return splice(b, at, len, token);
      }
      case 6 -> {
        return splice(b, at, 0, RAW[r.nextInt(RAW.length)]);
      }
      default -> {
        byte[] random = new byte[1 + r.nextInt(16)];
        r.nextBytes(random);
        return splice(b, at, 0, random);
      }
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, at);
    out.write(insert, 0, insert.length);
    out.write(b, at + remove, b.length - at - remove);
    return out.toByteArray();
  }
}
