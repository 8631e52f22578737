package dev.gantry.inference.predict;

import dev.gantry.storage.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Writes an output file through one large buffer, hashing (sha256) and counting the bytes as they
 * go, so that the manifest needs no second read of a file of millions of lines. Text is ASCII (the
 * CSV's cells are copied as bytes). Not thread-safe.
 */
final class PartWriter implements AutoCloseable {

  private static final int BUFFER = 1 << 20;

  private final OutputStream out;
  private final MessageDigest digest = Sha256.newDigest();
  private final byte[] buf = new byte[BUFFER];
  private int n;
  private long bytes;
  private String sha256;

  PartWriter(Path file) throws IOException {
    this.out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
  }

  PartWriter ascii(String s) throws IOException {
    int len = s.length();
    if (len > buf.length - n) {
      flush();
      if (len > buf.length) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(b, 0, b.length);
        return this;
      }
    }
    for (int i = 0; i < len; i++) {
      buf[n++] = (byte) s.charAt(i);
    }
    return this;
  }

  PartWriter write(byte[] b, int from, int len) throws IOException {
    if (len > buf.length - n) {
      flush();
      if (len > buf.length) {
        digest.update(b, from, len);
        out.write(b, from, len);
        bytes += len;
        return this;
      }
    }
    System.arraycopy(b, from, buf, n, len);
    n += len;
    return this;
  }

  PartWriter write(char c) throws IOException {
    if (n == buf.length) {
      flush();
    }
    buf[n++] = (byte) c;
    return this;
  }

  /** A non-negative or negative long in decimal, without a String. */
  PartWriter write(long v) throws IOException {
    if (buf.length - n < 20) {
      flush();
    }
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return ascii(Long.toString(v));
      }
      buf[n++] = '-';
      v = -v;
    }
    int start = n;
    do {
      buf[n++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = n - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  /** The shortest decimal that reads back as the same float (Float.toString). */
  PartWriter write(float v) throws IOException {
    return ascii(Float.toString(v));
  }

  PartWriter write(double v) throws IOException {
    return ascii(Double.toString(v));
  }

  private void flush() throws IOException {
    digest.update(buf, 0, n);
    out.write(buf, 0, n);
    bytes += n;
    n = 0;
  }

  /** Bytes written so far (all of them once closed). */
  long bytes() {
    return bytes + n;
  }

  /** The sha256 (lower-case hex) of the whole file, once closed. */
  String sha256() {
    return sha256;
  }

  @Override
  public void close() throws IOException {
    if (sha256 != null) {
      return;
    }
    flush();
    out.close();
    sha256 = Sha256.hex(digest);
  }
}
