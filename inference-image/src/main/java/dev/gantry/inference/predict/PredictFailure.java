package dev.gantry.inference.predict;

import dev.gantry.contract.BatchReport;

/**
 * A predict step's failure with the stable reason of its {@link BatchReport} and the exit code that
 * tells the Job whether a retry can help.
 */
public final class PredictFailure extends Exception {

  public static final String INPUT_NOT_FOUND = "InputNotFound";
  public static final String INPUT_CHANGED = "InputChanged";
  public static final String OUTPUT_NOT_WRITABLE = "OutputNotWritable";
  public static final String MODEL_NOT_LOADABLE = "ModelNotLoadable";
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
  public static final String INVALID_ROWS = "InvalidRows";
  public static final String CRASH = "Crash";

  private final String reason;
  private final int exitCode;

  private PredictFailure(String reason, int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.exitCode = exitCode;
  }

  /** A failure a retry cannot mend: the Job does not retry the index. */
  public static PredictFailure permanent(String reason, String message) {
    return new PredictFailure(reason, BatchReport.EXIT_PERMANENT, message, null);
  }

  public static PredictFailure permanent(String reason, String message, Throwable cause) {
    return new PredictFailure(reason, BatchReport.EXIT_PERMANENT, message, cause);
  }

  public String reason() {
    return reason;
  }

  public int exitCode() {
    return exitCode;
  }
}
