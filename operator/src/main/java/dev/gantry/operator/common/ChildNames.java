package dev.gantry.operator.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names of the objects Gantry creates for a resource, and the digests that key them. */
public final class ChildNames {
  /** The limit of a label value, which the Job controller's job-name label must respect. */
  public static final int MAX_LABEL_VALUE = 63;

  private ChildNames() {}

  /** {@code <prefix><suffix>}, the prefix cut (and trailing - or . dropped) to fit 63. */
  public static String withSuffix(String prefix, String suffix) {
    return withSuffix(prefix, suffix, MAX_LABEL_VALUE);
  }

  /**
   * {@code <prefix><suffix>}, the prefix cut (and trailing - or . dropped) to fit {@code max}: less
   * than 63 for a name that is itself the prefix of its children's names.
   */
  public static String withSuffix(String prefix, String suffix, int max) {
    if (prefix.length() + suffix.length() > max) {
      prefix = prefix.substring(0, max - suffix.length()).replaceAll("[-.]+$", "");
    }
    return prefix + suffix;
  }

  /** The sha256 of a text, lower-case hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
