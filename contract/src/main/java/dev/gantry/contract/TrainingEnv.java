package dev.gantry.contract;

/**
 * Environment variables the operator sets on every training pod. Language-neutral: the names are
 * the contract, documented in docs/training-contract.md.
 */
public final class TrainingEnv {
  public static final String DATASET_URI = "GANTRY_DATASET_URI";
  public static final String DATASET_VERSION = "GANTRY_DATASET_VERSION";
  public static final String DATASET_SHA256 = "GANTRY_DATASET_SHA256";
  public static final String HYPERPARAMETERS = "GANTRY_HYPERPARAMETERS";
  public static final String OUTPUT_URI = "GANTRY_OUTPUT_URI";
  public static final String MODEL_NAME = "GANTRY_MODEL_NAME";
  public static final String TRAINING_JOB = "GANTRY_TRAINING_JOB";

  /** PyTorch rendezvous (torch.distributed and torchrun both read these). */
  public static final String RANK = "RANK";

  public static final String WORLD_SIZE = "WORLD_SIZE";
  public static final String MASTER_ADDR = "MASTER_ADDR";
  public static final String MASTER_PORT = "MASTER_PORT";

  /** Where Kubernetes reads the container's result from. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  /** Kubernetes truncates termination messages above this many bytes. */
  public static final int TERMINATION_MESSAGE_MAX_BYTES = 4096;

  private TrainingEnv() {}
}
