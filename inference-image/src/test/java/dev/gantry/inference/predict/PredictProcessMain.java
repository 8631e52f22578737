package dev.gantry.inference.predict;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A predict step in a JVM of its own, for the kill test: the same {@link Predict} the image's
 * {@code predict} mode runs, configured by arguments instead of the Quarkus config (which a plain
 * test classpath cannot boot). Args: step, termination message, output dir, shard, batch size,
 * model (the parent's: TestModels trains a new one per JVM), inputs...
 */
public final class PredictProcessMain {

  private PredictProcessMain() {}

  public static void main(String[] args) {
    List<Path> inputs = Arrays.stream(args).skip(6).map(Path::of).toList();
    PredictSettings settings =
        PredictFixtures.settings(inputs, Path.of(args[2]))
            .shard(Integer.parseInt(args[3]))
            .batchSize(Integer.parseInt(args[4]))
            .model(args[5])
            .build();
    System.exit(new Predict(settings, Path.of(args[1])).run(args[0]));
  }
}
