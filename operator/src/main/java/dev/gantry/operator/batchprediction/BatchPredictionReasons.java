package dev.gantry.operator.batchprediction;

/** Condition types and reasons of BatchPrediction status: stable CamelCase constants. */
public final class BatchPredictionReasons {
  /** Condition types. */
  public static final String MODEL_RESOLVED = "ModelResolved";

  public static final String PLANNED = "Planned";
  public static final String COMPLETE = "Complete";

  /** The condition of a scheduled BatchPrediction: are its firings being run. */
  public static final String SCHEDULED = "Scheduled";

  /** Reasons. */
  public static final String PINNED = "Pinned";

  public static final String PLANNING = "Planning";
  public static final String PLAN_READY = "PlanReady";
  public static final String PLAN_FAILED = "PlanFailed";
  public static final String WAITING_FOR_MODEL = "WaitingForModel";
  public static final String WAITING_FOR_PLAN = "WaitingForPlan";
  public static final String SHARDS_RUNNING = "ShardsRunning";
  public static final String READING_REPORTS = "ReadingReports";
  public static final String SUCCEEDED = "Succeeded";
  public static final String SHARD_FAILED = "ShardFailed";
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String MODEL_GONE = "ModelVersionGone";
  public static final String MODEL_REJECTED = "ModelRejected";
  public static final String JOB_NOT_CREATED = "JobNotCreated";
  public static final String REPORT_MISSING = "ReportMissing";

  /** Reasons of the Scheduled condition. */
  public static final String WAITING_FOR_FIRING = "WaitingForFiring";

  public static final String SUSPENDED = "Suspended";
  public static final String INVALID_SCHEDULE = "InvalidSchedule";
  public static final String RUN_NOT_CREATED = "RunNotCreated";

  /** Event reasons of a scheduled BatchPrediction. */
  public static final String RUN_CREATED = "RunCreated";

  public static final String RUN_SKIPPED = "RunSkipped";

  private BatchPredictionReasons() {}
}
