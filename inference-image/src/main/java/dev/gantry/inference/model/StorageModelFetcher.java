package dev.gantry.inference.model;

import dev.gantry.storage.ArtifactNotFoundException;
import dev.gantry.storage.Storage;
import dev.gantry.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Remote artifacts (http(s)://, s3://) through gantry-storage: downloaded into the work dir,
 * verified while streaming, moved into place only when complete. S3 settings come from the
 * environment (AWS_ENDPOINT_URL_S3 for MinIO, AWS_REGION, GANTRY_S3_PATH_STYLE, credentials).
 */
public final class StorageModelFetcher implements ModelFetcher {

  private final Storage storage;

  public StorageModelFetcher(Path pvcMountRoot) {
    StorageConfig env = StorageConfig.fromEnvironment();
    this.storage =
        new Storage(
            new StorageConfig(
                pvcMountRoot,
                env.s3Endpoint(),
                env.s3Region(),
                env.s3PathStyle(),
                env.s3Credentials(),
                env.connectTimeout(),
                env.requestTimeout()));
  }

  @Override
  public Path fetch(String uri, Path target, String expectedSha256) throws IOException {
    try {
      return storage.download(uri, target, expectedSha256).path();
    } catch (ArtifactNotFoundException e) {
      throw new NoSuchFileException(uri, null, e.getMessage());
    }
  }

  @Override
  public void close() {
    storage.close();
  }
}
