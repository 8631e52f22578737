package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import java.util.Optional;

/** Checks the CRD schema cannot express; a TrainingJob that fails one never gets a Job. */
final class TrainingJobValidator {
  /** Pods are named {@code <job>-<index>} and that hostname must fit a 63-character DNS label. */
  static final int MAX_NAME_LENGTH = 63 - "-1023".length();

  private TrainingJobValidator() {}

  /** What is wrong, or empty when the job can run. */
  static Optional<String> problem(TrainingJob trainingJob) {
    String name = trainingJob.getMetadata().getName();
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of(
          "metadata.name must be at most "
              + MAX_NAME_LENGTH
              + " characters, so that pod hostnames <name>-<rank> stay valid DNS labels");
    }
    if (name.contains(".")) {
      return Optional.of("metadata.name must not contain '.', it becomes a DNS label of the pods");
    }
    return Optional.empty();
  }
}
