package dev.gantry.operator.common;

/** Label and annotation keys that Gantry and its neighbours (Kueue, the Job controller) use. */
public final class Labels {
  /** On every child of a TrainingJob and on its pods: the join key for status and GPU metrics. */
  public static final String TRAINING_JOB = "gantry.dev/trainingjob";

  /** The model a ModelVersion belongs to, for selecting a model's versions. */
  public static final String MODEL_NAME = "gantry.dev/model";

  /** On a ModelVersion's validation Job and its pod: the ModelVersion it checks. */
  public static final String MODEL_VERSION = "gantry.dev/modelversion";

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_GANTRY = "gantry";

  /** Kueue's queue label; copied from the TrainingJob to its Job so Kueue can admit it. */
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  /** Set by the Job controller on every pod of an Indexed Job. */
  public static final String JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private Labels() {}
}
