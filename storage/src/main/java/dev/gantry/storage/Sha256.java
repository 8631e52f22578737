package dev.gantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Streaming sha256 helpers. Hex digests are lower case. */
public final class Sha256 {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The sha256 of a file's content. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      copy(in, OutputStream.nullOutputStream(), digest);
    }
    return hex(digest);
  }

  /** Copies {@code in} to {@code out}, feeding every byte to {@code digest}; returns the count. */
  static long copy(InputStream in, OutputStream out, MessageDigest digest) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  /**
   * Normalizes an expected digest to lower case.
   *
   * @throws IllegalArgumentException when it is not 64 hex digits
   */
  public static String normalize(String expected) {
    String trimmed = expected.trim();
    if (!HEX_SHA256.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "expected sha256 '" + expected + "' is not 64 hexadecimal digits");
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
