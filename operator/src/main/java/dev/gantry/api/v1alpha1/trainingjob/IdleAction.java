package dev.gantry.api.v1alpha1.trainingjob;

/** What happens to a job whose GPUs sit idle. */
public enum IdleAction {
  /** Suspend the Job (pods get SIGTERM and the grace period); it resumes when GPUs free up. */
  Suspend,
  /** Delete the Job; the TrainingJob ends Failed. */
  Terminate,
  /** Only report: condition, event and metrics. */
  Notify
}
