package dev.gantry.operator.trainingjob;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet said about a training pod's last failed container: the OOM kill, the exit code
 * and the termination message, so that a failed TrainingJob says why without kubectl describe.
 */
final class PodFailures {
  static final String OOM_KILLED = TrainingJobReasons.OOM_KILLED;
  private static final int MAX_MESSAGE = 300;

  private PodFailures() {}

  /** A container that ended with a non-zero exit code, and in which pod. */
  record Failure(String pod, String container, ContainerStateTerminated terminated) {
    boolean oomKilled() {
      return OOM_KILLED.equals(terminated.getReason());
    }

    /** E.g. "pod fraud-train-0-x7k2p: container trainer was OOMKilled (exit code 137)". */
    String describe() {
      String what =
          oomKilled()
              ? "was OOMKilled (exit code " + terminated.getExitCode() + ")"
              : "exited with code "
                  + terminated.getExitCode()
                  + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")");
      String message = terminated.getMessage();
      if (message != null && !message.isBlank() && !oomKilled()) {
        String oneLine = message.strip().replaceAll("\\s+", " ");
        what +=
            ": "
                + (oneLine.length() > MAX_MESSAGE
                    ? oneLine.substring(0, MAX_MESSAGE) + "..."
                    : oneLine);
      }
      return "pod " + pod + ": container " + container + " " + what;
    }
  }

  /** The failure that finished last, if any container of the pods failed. */
  static Optional<Failure> last(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .flatMap(
            p ->
                p.getStatus().getContainerStatuses().stream()
                    .map(s -> failure(p, s))
                    .flatMap(Optional::stream))
        .max(Comparator.comparing((Failure f) -> String.valueOf(f.terminated().getFinishedAt())));
  }

  private static Optional<Failure> failure(Pod pod, ContainerStatus status) {
    ContainerStateTerminated terminated =
        status.getState() == null ? null : status.getState().getTerminated();
    if (terminated == null && status.getLastState() != null) {
      terminated = status.getLastState().getTerminated();
    }
    if (terminated == null
        || terminated.getExitCode() == null
        || terminated.getExitCode() == 0 && !OOM_KILLED.equals(terminated.getReason())) {
      return Optional.empty();
    }
    return Optional.of(new Failure(pod.getMetadata().getName(), status.getName(), terminated));
  }
}
