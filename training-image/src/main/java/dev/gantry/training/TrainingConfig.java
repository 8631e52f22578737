package dev.gantry.training;

import dev.gantry.contract.TrainingEnv;
import dev.gantry.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a training run needs, read from the training contract's environment variables.
 *
 * @param datasetUri where the CSV dataset is ({@code GANTRY_DATASET_URI})
 * @param datasetVersion free-form dataset version, or null ({@code GANTRY_DATASET_VERSION})
 * @param datasetSha256 expected dataset sha256, or null ({@code GANTRY_DATASET_SHA256})
 * @param outputUri directory URI the artifacts go to ({@code GANTRY_OUTPUT_URI})
 * @param modelName the model's name ({@code GANTRY_MODEL_NAME}, default {@code model})
 * @param trainingJob the TrainingJob's name, or null ({@code GANTRY_TRAINING_JOB})
 * @param hyperparameters from {@code GANTRY_HYPERPARAMETERS}
 * @param rank this process's rank ({@code RANK}, default 0); only rank 0 writes outputs
 * @param worldSize number of processes ({@code WORLD_SIZE}, default 1)
 * @param terminationMessagePath where the result JSON goes ({@code
 *     GANTRY_TERMINATION_MESSAGE_PATH}, default /dev/termination-log)
 * @param workDir scratch space for the download and staged outputs ({@code GANTRY_WORK_DIR},
 *     default the JVM temp directory)
 * @param storage how URIs are reached (PVC mount root, S3 endpoint, ...)
 */
public record TrainingConfig(
    String datasetUri,
    String datasetVersion,
    String datasetSha256,
    String outputUri,
    String modelName,
    String trainingJob,
    Hyperparameters hyperparameters,
    int rank,
    int worldSize,
    Path terminationMessagePath,
    Path workDir,
    StorageConfig storage) {

  public static final String TERMINATION_MESSAGE_PATH = "GANTRY_TERMINATION_MESSAGE_PATH";
  public static final String WORK_DIR = "GANTRY_WORK_DIR";
  static final String REASON = "InvalidConfiguration";

  /**
   * Reads the configuration.
   *
   * @throws BadInputException when a required variable is missing or a value is malformed
   */
  public static TrainingConfig fromEnvironment(Map<String, String> env) {
    int rank = integer(env, TrainingEnv.RANK, 0);
    int worldSize = integer(env, TrainingEnv.WORLD_SIZE, 1);
    if (rank < 0 || worldSize < 1 || rank >= worldSize) {
      throw new BadInputException(
          REASON, "RANK=" + rank + " and WORLD_SIZE=" + worldSize + " are inconsistent");
    }
    String outputUri = value(env, TrainingEnv.OUTPUT_URI);
    if (rank == 0 && outputUri == null) {
      throw new BadInputException(REASON, TrainingEnv.OUTPUT_URI + " is not set");
    }
    String datasetUri = value(env, TrainingEnv.DATASET_URI);
    if (datasetUri == null) {
      throw new BadInputException(REASON, TrainingEnv.DATASET_URI + " is not set");
    }
    String terminationPath = value(env, TERMINATION_MESSAGE_PATH);
    String workDir = value(env, WORK_DIR);
    String modelName = value(env, TrainingEnv.MODEL_NAME);
    StorageConfig storage;
    try {
      storage = StorageConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(REASON, e.getMessage());
    }
    return new TrainingConfig(
        datasetUri,
        value(env, TrainingEnv.DATASET_VERSION),
        value(env, TrainingEnv.DATASET_SHA256),
        outputUri,
        modelName == null ? "model" : modelName,
        value(env, TrainingEnv.TRAINING_JOB),
        Hyperparameters.parse(env.get(TrainingEnv.HYPERPARAMETERS)),
        rank,
        worldSize,
        Path.of(terminationPath == null ? TrainingEnv.TERMINATION_LOG : terminationPath),
        Path.of(workDir == null ? System.getProperty("java.io.tmpdir") : workDir),
        storage);
  }

  /** Where termination messages go, even when the rest of the configuration is unreadable. */
  static Path terminationMessagePath(Map<String, String> env) {
    String path = value(env, TERMINATION_MESSAGE_PATH);
    return Path.of(path == null ? TrainingEnv.TERMINATION_LOG : path);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String v = value(env, name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadInputException(REASON, name + "='" + v + "' is not an integer");
    }
  }
}
