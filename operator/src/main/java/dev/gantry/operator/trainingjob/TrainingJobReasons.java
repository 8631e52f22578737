package dev.gantry.operator.trainingjob;

/** Stable condition reasons of a TrainingJob; users and alerts match on them. */
public final class TrainingJobReasons {
  public static final String JOB_CREATING = "JobCreating";
  public static final String PODS_STARTING = "PodsStarting";
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String WAITING_FOR_ADMISSION = "WaitingForAdmission";
  public static final String RUNNING = "Running";
  public static final String SUSPENDED = "Suspended";
  public static final String SUCCEEDED = "Succeeded";
  public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  /** The trainer exited with the training contract's bad-input code; retrying cannot help. */
  public static final String BAD_INPUT = "BadInput";

  public static final String JOB_FAILED = "JobFailed";

  /** The last failed training container was killed for exceeding its memory limit. */
  public static final String OOM_KILLED = "OOMKilled";

  public static final String INVALID_SPEC = "InvalidSpec";

  /** A Job or Service of the TrainingJob's name exists that is not the TrainingJob's. */
  public static final String NAME_TAKEN = "NameTaken";

  private TrainingJobReasons() {}
}
