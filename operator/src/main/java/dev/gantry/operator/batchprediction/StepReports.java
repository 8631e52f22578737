package dev.gantry.operator.batchprediction;

import dev.gantry.contract.BatchReport;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The ended pods of one of a BatchPrediction's Jobs and what they reported. Pure. */
final class StepReports {
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  private StepReports() {}

  /** One pod's end: its exit code, its report if it wrote one, else its message's tail. */
  record Ended(
      Pod pod, int exitCode, Optional<BatchReport> report, String text, String finishedAt) {
    boolean succeeded() {
      return exitCode == 0 && report.map(BatchReport::ok).orElse(false);
    }

    /** What went wrong, for status: the report's reason and message, or the log's tail. */
    String failure() {
      return report
          .filter(r -> r.message() != null)
          .map(r -> (r.reason() == null ? "" : r.reason() + ": ") + r.message())
          .orElse("exit code " + exitCode + (text.isEmpty() ? "" : ": " + text));
    }
  }

  /** The job's pods, newest first. */
  static List<Pod> podsOf(String jobName, Collection<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(p -> jobName.equals(p.getMetadata().getLabels().get(JOB_NAME_LABEL)))
        .sorted(
            Comparator.comparing(
                    (Pod p) ->
                        Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
                .reversed())
        .toList();
  }

  /** The completion index of an Indexed Job's pod, or -1. */
  static int index(Pod pod) {
    String value = pod.getMetadata().getLabels().get(Labels.JOB_COMPLETION_INDEX);
    if (value == null && pod.getMetadata().getAnnotations() != null) {
      value = pod.getMetadata().getAnnotations().get(Labels.JOB_COMPLETION_INDEX);
    }
    try {
      return value == null ? -1 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Optional<Ended> ended(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null)
        .map(s -> s.getTerminated())
        .findFirst()
        .map(t -> ended(pod, t));
  }

  private static Ended ended(Pod pod, ContainerStateTerminated t) {
    int exit = t.getExitCode() == null ? -1 : t.getExitCode();
    String reason = "OOMKilled".equals(t.getReason()) ? "OOMKilled" : null;
    Optional<BatchReport> report = BatchReportParser.parse(t.getMessage());
    String text =
        report.isPresent()
            ? ""
            : (reason != null ? reason + " " : "") + BatchReportParser.tail(t.getMessage());
    return new Ended(pod, exit, report, text.strip(), t.getFinishedAt());
  }

  /** Whether a pod has not ended yet (Pending or Running). */
  static boolean active(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }
}
