package dev.gantry.training;

/**
 * A failure that is not the input's fault (an unreachable store, a failed upload, an export
 * mismatch): a retry may succeed. Exits with {@link
 * dev.gantry.contract.TrainingFailure#EXIT_CRASH}.
 */
public final class TrainingCrashException extends RuntimeException {
  private final String reason;

  public TrainingCrashException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
