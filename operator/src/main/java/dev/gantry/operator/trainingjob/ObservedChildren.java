package dev.gantry.operator.trainingjob;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What the informer caches hold about one TrainingJob's children.
 *
 * @param job the Job, empty before it was created (or seen)
 * @param pods its pods, every attempt that still exists
 */
public record ObservedChildren(Optional<Job> job, List<Pod> pods) {
  public ObservedChildren {
    pods = List.copyOf(pods);
  }

  public static ObservedChildren none() {
    return new ObservedChildren(Optional.empty(), List.of());
  }
}
