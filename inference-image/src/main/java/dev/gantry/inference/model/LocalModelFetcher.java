package dev.gantry.inference.model;

import dev.gantry.storage.ChecksumMismatchException;
import dev.gantry.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Local artifacts: plain paths, file:// URIs and pvc://claim/path (a claim mounted under a root
 * directory). Files are used in place, never copied.
 */
public final class LocalModelFetcher implements ModelFetcher {

  private final Path pvcMountRoot;

  public LocalModelFetcher(Path pvcMountRoot) {
    this.pvcMountRoot = pvcMountRoot;
  }

  @Override
  public Path fetch(String uri, Path target, String expectedSha256) throws IOException {
    Path file = resolve(uri);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no model artifact at " + uri);
    }
    verify(uri, file, expectedSha256);
    return file;
  }

  private static void verify(String uri, Path file, String expected) throws IOException {
    if (expected == null || expected.isBlank()) {
      return;
    }
    String actual = Storage.sha256(file);
    if (!actual.equalsIgnoreCase(expected.trim())) {
      throw new ChecksumMismatchException(uri, expected, actual);
    }
  }

  /** Whether this fetcher can read the URI without network access. */
  public static boolean isLocal(String uri) {
    return !uri.contains("://") || uri.startsWith("file:") || uri.startsWith("pvc://");
  }

  public Path resolve(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    if (uri.startsWith("pvc://")) {
      String rest = uri.substring("pvc://".length());
      Path resolved = pvcMountRoot.resolve(rest).normalize();
      if (!resolved.startsWith(pvcMountRoot.normalize())) {
        throw new IllegalArgumentException("pvc URI escapes the mount root: " + uri);
      }
      return resolved;
    }
    if (uri.contains("://")) {
      throw new IllegalArgumentException("not a local URI (file://, pvc:// or a path): " + uri);
    }
    return Path.of(uri);
  }
}
