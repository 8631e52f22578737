package dev.gantry.contract;

/**
 * What a failed training run writes to its termination message, as JSON, beside its exit code.
 *
 * @param reason a stable CamelCase reason, e.g. {@code InvalidDataset}
 * @param message a human explanation
 */
public record TrainingFailure(String reason, String message) {

  /** Exit code for bad input (dataset missing, malformed, wrong checksum): retrying won't help. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for any other failure (a crash, an unreachable store): a retry may help. */
  public static final int EXIT_CRASH = 1;
}
