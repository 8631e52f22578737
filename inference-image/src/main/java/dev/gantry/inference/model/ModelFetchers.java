package dev.gantry.inference.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The fetcher for any supported URI: local ones (plain paths, file://, pvc://) are read in place,
 * without a copy into the work dir; remote ones (http(s)://, s3://) are downloaded by
 * gantry-storage.
 */
public final class ModelFetchers implements ModelFetcher {

  private final LocalModelFetcher local;
  private final Path pvcMountRoot;
  private StorageModelFetcher remote;

  private ModelFetchers(Path pvcMountRoot) {
    this.local = new LocalModelFetcher(pvcMountRoot);
    this.pvcMountRoot = pvcMountRoot;
  }

  public static ModelFetcher create(Path pvcMountRoot) {
    return new ModelFetchers(pvcMountRoot);
  }

  @Override
  public Path fetch(String uri, Path target, String expectedSha256) throws IOException {
    if (LocalModelFetcher.isLocal(uri)) {
      return local.fetch(uri, target, expectedSha256);
    }
    if (remote == null) {
      remote = new StorageModelFetcher(pvcMountRoot);
    }
    return remote.fetch(uri, target, expectedSha256);
  }

  @Override
  public void close() {
    if (remote != null) {
      remote.close();
    }
  }
}
