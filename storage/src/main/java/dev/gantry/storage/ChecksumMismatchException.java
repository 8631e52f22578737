package dev.gantry.storage;

import java.io.IOException;

/** The downloaded bytes do not have the sha256 the caller expected. Nothing was kept. */
public final class ChecksumMismatchException extends IOException {
  private final String uri;
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(String uri, String expected, String actual) {
    super("sha256 mismatch for " + uri + ": expected " + expected + " but got " + actual);
    this.uri = uri;
    this.expected = expected;
    this.actual = actual;
  }

  public String uri() {
    return uri;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
