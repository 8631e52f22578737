package dev.gantry.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Hex sha256 of files. */
public final class Sha256 {

  private Sha256() {}

  public static String of(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Throws when {@code file}'s digest is not {@code expected} (case-insensitive hex). */
  public static void verify(String uri, Path file, String expected) throws IOException {
    if (expected == null || expected.isBlank()) {
      return;
    }
    String actual = of(file);
    if (!actual.equals(expected.trim().toLowerCase(Locale.ROOT))) {
      throw new ChecksumMismatchException(uri, expected, actual);
    }
  }
}
