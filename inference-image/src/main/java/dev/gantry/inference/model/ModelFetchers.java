package dev.gantry.inference.model;

import java.nio.file.Path;

/** Picks the fetcher for this build: local files (file://, pvc://, paths). */
public final class ModelFetchers {

  private ModelFetchers() {}

  public static ModelFetcher create(Path pvcMountRoot) {
    return new LocalModelFetcher(pvcMountRoot);
  }
}
