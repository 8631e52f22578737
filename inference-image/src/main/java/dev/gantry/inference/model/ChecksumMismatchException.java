package dev.gantry.inference.model;

import java.io.IOException;

/** The artifact's sha256 differs from the expected one: it must not be served. */
public class ChecksumMismatchException extends IOException {

  public ChecksumMismatchException(String uri, String expected, String actual) {
    super("sha256 mismatch for " + uri + ": expected " + expected + ", got " + actual);
  }
}
