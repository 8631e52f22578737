package dev.gantry.inference.model;

import java.io.IOException;
import java.nio.file.Path;

/** Brings a model artifact named by a URI onto the local file system. */
public interface ModelFetcher extends AutoCloseable {

  /**
   * @param uri file://, pvc://claim/path, http(s):// or s3:// URI, or a plain path
   * @param target where a downloaded copy goes; local files are used in place
   * @param expectedSha256 hex digest to verify, or null to skip the check
   * @return the local file
   * @throws dev.gantry.storage.ChecksumMismatchException when the digest differs
   * @throws java.nio.file.NoSuchFileException when there is nothing at the URI
   */
  Path fetch(String uri, Path target, String expectedSha256) throws IOException;

  /** Releases network clients, if any. */
  @Override
  default void close() {}
}
