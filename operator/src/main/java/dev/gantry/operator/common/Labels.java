package dev.gantry.operator.common;

/** Label and annotation keys that Gantry and its neighbours (Kueue, the Job controller) use. */
public final class Labels {
  /** On every child of a TrainingJob and on its pods: the join key for status and GPU metrics. */
  public static final String TRAINING_JOB = "gantry.dev/trainingjob";

  /** The model a ModelVersion belongs to, for selecting a model's versions. */
  public static final String MODEL_NAME = "gantry.dev/model";

  /**
   * The ModelVersion an object belongs to: a validation Job and its pod (the version it checks), a
   * serving pod (the version it serves; stable and canary pods differ).
   */
  public static final String MODEL_VERSION = "gantry.dev/modelversion";

  /** On every serving pod of an InferenceService: how a DriftMonitor finds them. */
  public static final String INFERENCE_SERVICE = "gantry.dev/inferenceservice";

  /** On a retraining TrainingJob: the DriftMonitor that started it. */
  public static final String DRIFT_MONITOR = "gantry.dev/driftmonitor";

  /** On a BatchPrediction's Jobs and pods: the join key for its status. */
  public static final String BATCH_PREDICTION = "gantry.dev/batchprediction";

  /** On a run of a scheduled BatchPrediction: the scheduled one (its parent) that created it. */
  public static final String BATCH_SCHEDULE = "gantry.dev/batch-schedule";

  /** Which step of a BatchPrediction a Job or pod runs: plan or shard. */
  public static final String BATCH_STEP = "gantry.dev/batch-step";

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_GANTRY = "gantry";

  /** Kueue's queue label; copied from the TrainingJob to its Job so Kueue can admit it. */
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  /** Set by the Job controller on every pod of an Indexed Job. */
  public static final String JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private Labels() {}
}
