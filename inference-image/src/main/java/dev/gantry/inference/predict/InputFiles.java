package dev.gantry.inference.predict;

import dev.gantry.inference.model.LocalModelFetcher;
import dev.gantry.inference.model.ModelFetcher;
import dev.gantry.inference.model.ModelFetchers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Brings input CSVs onto the local file system: local URIs (file://, pvc://, plain paths) are read
 * in place; s3:// and http(s):// ones are downloaded into the work dir first (scoring seeks by
 * skipping lines, which a local file does fast).
 */
final class InputFiles implements AutoCloseable {

  private final ModelFetcher fetcher;
  private final LocalModelFetcher local;
  private final Path downloads;

  InputFiles(Path pvcMountRoot, Path workDir) {
    this.fetcher = ModelFetchers.create(pvcMountRoot);
    this.local = new LocalModelFetcher(pvcMountRoot);
    this.downloads = workDir.resolve("inputs");
  }

  /**
   * @param index the input's position, which names its download
   * @throws PredictFailure InputNotFound when nothing readable is at the URI
   */
  Path get(String uri, int index) throws PredictFailure, IOException {
    try {
      if (LocalModelFetcher.isLocal(uri)) {
        Path file = local.resolve(uri);
        if (!Files.isRegularFile(file)) {
          throw PredictFailure.permanent(
              PredictFailure.INPUT_NOT_FOUND, "input " + uri + ": no such file " + file);
        }
        if (!Files.isReadable(file)) {
          throw PredictFailure.permanent(
              PredictFailure.INPUT_NOT_FOUND, "input " + uri + ": " + file + " is not readable");
        }
        return file;
      }
      Files.createDirectories(downloads);
      return fetcher.fetch(uri, downloads.resolve(index + ".csv"), null);
    } catch (NoSuchFileException e) {
      throw PredictFailure.permanent(
          PredictFailure.INPUT_NOT_FOUND, "input " + uri + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw PredictFailure.permanent(
          PredictFailure.INVALID_CONFIGURATION, "input " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    fetcher.close();
  }
}
