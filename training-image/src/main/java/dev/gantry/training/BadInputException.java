package dev.gantry.training;

/**
 * The dataset or the configuration is wrong: retrying the same job cannot succeed. Exits with
 * {@link dev.gantry.contract.TrainingFailure#EXIT_BAD_INPUT}.
 */
public final class BadInputException extends RuntimeException {
  private final String reason;

  /**
   * @param reason stable CamelCase reason for the termination message, e.g. {@code InvalidDataset}
   * @param message what is wrong and, where it helps, where (column, line, value)
   */
  public BadInputException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public BadInputException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
