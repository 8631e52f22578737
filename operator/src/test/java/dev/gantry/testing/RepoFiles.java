package dev.gantry.testing;

import java.nio.file.Path;

/** Paths inside the repository, wherever the test runs from. */
public final class RepoFiles {
  private RepoFiles() {}

  public static Path root() {
    return Path.of(System.getProperty("gantry.repo.root", "..")).toAbsolutePath().normalize();
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
