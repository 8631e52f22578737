package dev.gantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Reads and writes artifacts by URI ({@code file://}, {@code pvc://}, {@code http(s)://}, {@code
 * s3://}). Files appear at their target path only when complete (and verified): a temporary file
 * beside the target is moved into place at the end, so readers never see a partial artifact.
 *
 * <p>Thread-safe; close it to release the S3 client.
 */
public final class Storage implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final StorageConfig config;
  private final HttpSource http;
  private S3Store s3; // created on first use: most callers never touch S3

  public Storage(StorageConfig config) {
    this.config = config;
    this.http = new HttpSource(config.connectTimeout(), config.requestTimeout());
  }

  /** Storage configured from the process environment ({@link StorageConfig#fromEnvironment()}). */
  public static Storage fromEnvironment() {
    return new Storage(StorageConfig.fromEnvironment());
  }

  public StorageConfig config() {
    return config;
  }

  /** The sha256 (lower-case hex) of a local file. */
  public static String sha256(Path file) throws IOException {
    return Sha256.of(file);
  }

  /**
   * Downloads {@code uri} to {@code target}, replacing it, and verifies its sha256.
   *
   * @param expectedSha256OrNull the expected hex digest, or null to only compute it
   * @return the local path and the computed digest
   * @throws IllegalArgumentException for an invalid URI or expected digest
   * @throws ChecksumMismatchException when the content has another digest; {@code target} is then
   *     left as it was
   * @throws ArtifactNotFoundException when the location holds nothing
   * @throws IOException when the location cannot be reached or read
   */
  public Download download(String uri, Path target, String expectedSha256OrNull)
      throws IOException {
    StorageUri parsed = StorageUri.parse(uri);
    String expected = expectedSha256OrNull == null ? null : Sha256.normalize(expectedSha256OrNull);
    Path temp = tempSibling(target);
    try {
      MessageDigest digest = Sha256.newDigest();
      long bytes;
      try (InputStream in = open(parsed);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        bytes = Sha256.copy(in, out, digest);
      }
      String actual = Sha256.hex(digest);
      if (expected != null && !expected.equals(actual)) {
        throw new ChecksumMismatchException(uri, expected, actual);
      }
      moveIntoPlace(temp, target);
      return new Download(target, actual, bytes);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Uploads a local file to {@code uri} (file://, pvc:// or s3://), replacing what is there.
   *
   * @return the sha256 of the uploaded content
   * @throws IllegalArgumentException for an invalid or read-only (http) URI
   */
  public String upload(Path source, String uri) throws IOException {
    StorageUri parsed = StorageUri.parse(uri);
    if (!parsed.isWritable()) {
      throw new IllegalArgumentException(
          "cannot upload to '"
              + uri
              + "': http(s) storage is read-only; use file://, pvc:// or s3://");
    }
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(source.toString(), null, "upload source is not a file");
    }
    if (parsed.scheme() == StorageUri.Scheme.S3) {
      String sha256 = Sha256.of(source);
      s3().put(source, parsed, sha256);
      return sha256;
    }
    return copyLocal(source, parsed.localPath(config.pvcMountRoot()));
  }

  /** The local path of a file:// or pvc:// URI under this configuration's PVC mount root. */
  public Path localPath(String uri) {
    StorageUri parsed = StorageUri.parse(uri);
    if (!parsed.isLocal()) {
      throw new IllegalArgumentException("'" + uri + "' is not a file:// or pvc:// URI");
    }
    return parsed.localPath(config.pvcMountRoot());
  }

  private InputStream open(StorageUri uri) throws IOException {
    return switch (uri.scheme()) {
      case FILE, PVC -> openLocal(uri);
      case HTTP, HTTPS -> http.open(uri);
      case S3 -> s3().open(uri);
    };
  }

  private InputStream openLocal(StorageUri uri) throws IOException {
    Path path = uri.localPath(config.pvcMountRoot());
    if (Files.isDirectory(path)) {
      throw new ArtifactNotFoundException(uri.raw(), path + " is a directory, not a file");
    }
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException(uri.raw(), "no such file " + path);
    }
  }

  private static String copyLocal(Path source, Path target) throws IOException {
    Path temp = tempSibling(target);
    try {
      MessageDigest digest = Sha256.newDigest();
      try (InputStream in = Files.newInputStream(source);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        Sha256.copy(in, out, digest);
      }
      moveIntoPlace(temp, target);
      return Sha256.hex(digest);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A fresh name beside {@code target} (same file system, so the final move is atomic). Not created
   * here: Files.createTempFile would make it owner-only, and artifacts on a shared volume must stay
   * readable by the pods that serve them.
   */
  private static Path tempSibling(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    String suffix = Long.toHexString(RANDOM.nextLong());
    return absolute.resolveSibling("." + absolute.getFileName() + "." + suffix + ".part");
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private synchronized S3Store s3() {
    if (s3 == null) {
      s3 = new S3Store(config);
    }
    return s3;
  }

  @Override
  public synchronized void close() {
    http.close();
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }
}
