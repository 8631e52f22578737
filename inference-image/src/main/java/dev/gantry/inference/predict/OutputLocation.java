package dev.gantry.inference.predict;

import dev.gantry.inference.model.LocalModelFetcher;
import dev.gantry.storage.ArtifactNotFoundException;
import dev.gantry.storage.Storage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a BatchPrediction's files go: a directory (file://, pvc://claim/path, a plain path) or an
 * s3:// prefix. A file becomes visible only complete: locally it is written to a hidden temp file
 * beside its target ({@code .<name>.<random>.tmp}) and moved into place atomically; for S3 it is
 * written in the work dir and uploaded in one PUT. A pod killed midway leaves at most a hidden temp
 * file, which the next run of the same shard deletes.
 */
abstract sealed class OutputLocation implements AutoCloseable {

  static OutputLocation of(String uri, Path pvcMountRoot, Path workDir) {
    if (LocalModelFetcher.isLocal(uri)) {
      return new Local(new LocalModelFetcher(pvcMountRoot).resolve(uri));
    }
    if (uri.startsWith("s3://")) {
      return new S3(uri.endsWith("/") ? uri : uri + "/", workDir, pvcMountRoot);
    }
    throw new IllegalArgumentException(
        "gantry.predict.output-uri must be file://, pvc:// or s3://, got " + uri);
  }

  /** The file's content, or empty when there is none. */
  abstract Optional<byte[]> read(String name) throws IOException;

  /** A fresh temp file for what will become {@code name}. */
  abstract Path temp(String name) throws IOException;

  /** Makes a complete temp file visible as {@code name}, replacing what was there. */
  abstract void publish(Path temp, String name) throws IOException;

  /** Throws when files cannot be created here; local only (S3 finds out on its first PUT). */
  abstract void checkWritable() throws IOException;

  /** Deletes temp files a killed run left for names starting with {@code prefix}. */
  abstract void discardTemps(String prefix) throws IOException;

  abstract String uriOf(String name);

  void write(String name, byte[] content) throws IOException {
    Path temp = temp(name);
    try {
      Files.write(temp, content);
      publish(temp, name);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void close() {}

  static final class Local extends OutputLocation {
    private final Path dir;

    Local(Path dir) {
      this.dir = dir;
    }

    Path dir() {
      return dir;
    }

    @Override
    Optional<byte[]> read(String name) throws IOException {
      try {
        return Optional.of(Files.readAllBytes(dir.resolve(name)));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    Path temp(String name) throws IOException {
      Files.createDirectories(dir);
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
      return dir.resolve("." + name + "." + suffix + ".tmp");
    }

    @Override
    void publish(Path temp, String name) throws IOException {
      try {
        Files.move(
            temp,
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    void checkWritable() throws IOException {
      Files.createDirectories(dir);
      Path probe = temp("_write_check");
      Files.write(probe, new byte[0]);
      Files.delete(probe);
    }

    @Override
    void discardTemps(String prefix) throws IOException {
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + prefix + "*.tmp")) {
        for (Path p : s) {
          Files.deleteIfExists(p);
        }
      }
    }

    @Override
    String uriOf(String name) {
      return dir.resolve(name).toString();
    }
  }

  static final class S3 extends OutputLocation {
    private final String prefix;
    private final Path workDir;
    private final Storage storage;

    S3(String prefix, Path workDir, Path pvcMountRoot) {
      this.prefix = prefix;
      this.workDir = workDir.resolve("output");
      var env = dev.gantry.storage.StorageConfig.fromEnvironment();
      this.storage =
          new Storage(
              new dev.gantry.storage.StorageConfig(
                  pvcMountRoot,
                  env.s3Endpoint(),
                  env.s3Region(),
                  env.s3PathStyle(),
                  env.s3Credentials(),
                  env.connectTimeout(),
                  env.requestTimeout()));
    }

    @Override
    Optional<byte[]> read(String name) throws IOException {
      Path local = temp(name);
      try {
        storage.download(uriOf(name), local, null);
        return Optional.of(Files.readAllBytes(local));
      } catch (ArtifactNotFoundException e) {
        return Optional.empty();
      } finally {
        Files.deleteIfExists(local);
      }
    }

    @Override
    Path temp(String name) throws IOException {
      Files.createDirectories(workDir);
      return workDir.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    @Override
    void publish(Path temp, String name) throws IOException {
      storage.upload(temp, uriOf(name));
      Files.deleteIfExists(temp);
    }

    @Override
    void checkWritable() {}

    @Override
    void discardTemps(String prefix) {
      // Temp files live in the pod's own work dir, gone with the pod.
    }

    @Override
    String uriOf(String name) {
      return prefix + name;
    }

    @Override
    public void close() {
      storage.close();
    }
  }
}
