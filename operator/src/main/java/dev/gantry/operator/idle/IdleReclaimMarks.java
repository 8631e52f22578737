package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.Optional;

/**
 * How a reclaim is recorded. A suspend-reclaim is marked on the Job (Gantry's own object, never the
 * user's spec): the TrainingJob reconciler keeps a marked Job suspended and reports it Suspended
 * with reason IdleReclaimed; the reclaimer removes the marks to resume it. A terminate-reclaim is
 * the TrainingJob's terminal status (Failed, IdleReclaimed); the reconciler never recreates its
 * Job.
 */
public final class IdleReclaimMarks {
  /** On a Job: the waiting work ("namespace/name") its GPUs went to; empty for nobody. */
  public static final String RECLAIMED_FOR = "gantry.dev/reclaimed-for";

  /** On a Job: the human message of the reclaim, shown in the TrainingJob's conditions. */
  public static final String RECLAIMED_MESSAGE = "gantry.dev/reclaimed-message";

  /** On a TrainingJob: "disabled" exempts it from reclaim (it is still measured and reported). */
  public static final String EXEMPT_ANNOTATION = "gantry.dev/idle-reclaim";

  public static final String EXEMPT_VALUE = "disabled";

  public static final String IDLE_RECLAIMED = "IdleReclaimed";
  public static final String IDLE_DETECTED = "IdleDetected";
  public static final String RECLAIMED = "Reclaimed";
  public static final String GPU_METRICS_AVAILABLE = "GpuMetricsAvailable";

  private IdleReclaimMarks() {}

  public static boolean isReclaimed(Job job) {
    return annotations(job.getMetadata().getAnnotations()).containsKey(RECLAIMED_FOR);
  }

  public static Optional<String> reclaimedFor(Job job) {
    String v = annotations(job.getMetadata().getAnnotations()).get(RECLAIMED_FOR);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public static String message(Job job) {
    return annotations(job.getMetadata().getAnnotations())
        .getOrDefault(RECLAIMED_MESSAGE, "suspended to free idle GPUs");
  }

  /** Ended by a Terminate reclaim: Failed with reason IdleReclaimed. Final. */
  public static boolean terminated(TrainingJob trainingJob) {
    return trainingJob.getStatus() != null
        && trainingJob.getStatus().phase == TrainingJobPhase.Failed
        && Conditions.find(trainingJob.getStatus().conditions, "Failed")
            .map(c -> IDLE_RECLAIMED.equals(c.getReason()))
            .orElse(false);
  }

  public static boolean exempt(TrainingJob trainingJob) {
    return EXEMPT_VALUE.equals(
        annotations(trainingJob.getMetadata().getAnnotations()).get(EXEMPT_ANNOTATION));
  }

  private static Map<String, String> annotations(Map<String, String> a) {
    return a == null ? Map.of() : a;
  }
}
