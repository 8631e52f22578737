package dev.gantry.operator.driftmonitor;

import java.nio.file.Files;
import java.nio.file.Path;

/** The jars of the inference server and the training image, which the ITs run as processes. */
final class ProcessJars {
  private ProcessJars() {}

  static Path inferenceServer() {
    return jar("gantry.inference.jar", "inference-image/target/quarkus-app/quarkus-run.jar");
  }

  static Path trainingImage() {
    return jar("gantry.training.jar", "training-image/target/gantry-training-image.jar");
  }

  /** The java of this test JVM, for child processes. */
  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static Path jar(String property, String fromRepoRoot) {
    String root = System.getProperty("gantry.repo.root", "..");
    Path path = Path.of(System.getProperty(property, root + "/" + fromRepoRoot));
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path
              + " is missing: build it with the operator, e.g. ./mvnw -pl operator -am verify"
              + " (the operator depends on the training-image and inference-image modules)");
    }
    return path;
  }
}
