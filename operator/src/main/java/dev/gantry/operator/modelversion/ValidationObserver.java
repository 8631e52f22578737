package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionStatus;
import dev.gantry.contract.ValidationReport;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the outcome of a ModelVersion's validation from its Job and pod, or, once recorded, from
 * its own status: a verdict is read once, so it survives the pod's garbage collection. Pure.
 */
public final class ValidationObserver {
  private static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  /** How long a finished Job's report is awaited in the pod cache before it counts as missing. */
  public static final Duration REPORT_GRACE = Duration.ofSeconds(60);

  private ValidationObserver() {}

  /** The verdict already in status for the Job {@code job}, if any. */
  public static Optional<ValidationOutcome.Finished> recorded(ModelVersion mv, String job) {
    ModelVersionStatus status = mv.getStatus();
    if (status == null || !job.equals(status.validationJob)) {
      return Optional.empty();
    }
    Optional<Condition> verified =
        Conditions.find(status.conditions, ModelVersionReasons.ARTIFACT_VERIFIED)
            .filter(c -> !"Unknown".equals(c.getStatus()));
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    String runError =
        Conditions.find(status.conditions, ModelVersionReasons.VALIDATED)
            .filter(c -> ModelVersionReasons.GOLDEN_SET_ERROR.equals(c.getReason()))
            .map(Condition::getMessage)
            .orElse(null);
    return Optional.of(
        new ValidationOutcome.Finished(
            job,
            Conditions.TRUE.equals(verified.get().getStatus()),
            verified.get().getReason(),
            verified.get().getMessage(),
            status.validationMetrics == null ? Map.of() : status.validationMetrics,
            runError));
  }

  /**
   * The outcome of the running or finished Job {@code job}. A Job can be seen finished before its
   * pod's final state reaches the pod cache (two watches); the report is awaited for {@link
   * #REPORT_GRACE} after the Job ended before it counts as missing.
   */
  public static ValidationOutcome observe(
      ModelVersion mv, String jobName, Optional<Job> job, Collection<Pod> pods, Instant now) {
    if (job.isEmpty()) {
      return new ValidationOutcome.InProgress(jobName, "creating the validation Job " + jobName);
    }
    Optional<JobCondition> finished = finishedCondition(job.get());
    if (finished.isEmpty()) {
      return new ValidationOutcome.InProgress(
          jobName, "the validation Job " + jobName + " is running");
    }
    Optional<ContainerStateTerminated> ended =
        pods.stream()
            .filter(p -> jobName.equals(labels(p).get(JOB_NAME_LABEL)))
            .sorted(
                Comparator.comparing(
                        (Pod p) ->
                            Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
                    .reversed())
            .map(ValidationObserver::terminated)
            .flatMap(Optional::stream)
            .findFirst();
    String jobState =
        "the validation Job "
            + jobName
            + " ended ("
            + finished.get().getType()
            + (finished.get().getReason() == null ? "" : ", " + finished.get().getReason())
            + ")";
    if (ended.isEmpty()) {
      Instant endedAt = parseTime(finished.get().getLastTransitionTime()).orElse(now);
      if (now.isBefore(endedAt.plus(REPORT_GRACE))) {
        return new ValidationOutcome.InProgress(jobName, jobState + "; reading its report");
      }
      return new ValidationOutcome.Finished(
          jobName,
          false,
          ModelVersionReasons.REPORT_MISSING,
          jobState + " and no ended pod of it is left to read a report from",
          Map.of(),
          null);
    }
    return switch (ValidationReportParser.parse(ended.get().getMessage())) {
      case ValidationReportParser.Invalid invalid ->
          new ValidationOutcome.Finished(
              jobName,
              false,
              invalid.reason(),
              jobState + " but " + invalid.message(),
              Map.of(),
              null);
      case ValidationReportParser.Valid valid -> judge(mv, jobName, valid.report());
    };
  }

  /** What a report says about the artifact and the golden set. */
  static ValidationOutcome.Finished judge(
      ModelVersion mv, String jobName, ValidationReport report) {
    String expected = mv.getSpec().sha256;
    String error = report.error();
    if (error != null) {
      String golden = goldenUri(mv);
      if (error.contains("ChecksumMismatch")) {
        return artifactFailed(jobName, ModelVersionReasons.CHECKSUM_MISMATCH, error);
      }
      if (golden != null && (error.contains(golden) || error.toLowerCase().contains("golden"))) {
        return new ValidationOutcome.Finished(
            jobName,
            true,
            ModelVersionReasons.VERIFIED,
            verifiedMessage(mv, report),
            Map.of(),
            error);
      }
      if (error.contains("NoSuchFile") || error.contains("ArtifactNotFound")) {
        return artifactFailed(jobName, ModelVersionReasons.ARTIFACT_MISSING, error);
      }
      return artifactFailed(jobName, ModelVersionReasons.ARTIFACT_UNUSABLE, error);
    }
    if (expected != null && report.sha256() != null && !expected.equals(report.sha256())) {
      return artifactFailed(
          jobName,
          ModelVersionReasons.CHECKSUM_MISMATCH,
          "the artifact's sha256 is " + report.sha256() + ", the spec says " + expected);
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    if (report.metrics() != null) {
      report.metrics().forEach((k, v) -> Decimals.of(v).ifPresent(d -> metrics.put(k, d)));
    }
    String runError =
        !report.passed() && report.failedGates() != null && !report.failedGates().isEmpty()
            ? "the image reported failed gates: " + String.join(", ", report.failedGates())
            : null;
    return new ValidationOutcome.Finished(
        jobName,
        true,
        report.isSimulated() ? ModelVersionReasons.SIMULATED : ModelVersionReasons.VERIFIED,
        verifiedMessage(mv, report),
        metrics,
        runError);
  }

  private static ValidationOutcome.Finished artifactFailed(
      String jobName, String reason, String message) {
    return new ValidationOutcome.Finished(jobName, false, reason, message, Map.of(), null);
  }

  private static String verifiedMessage(ModelVersion mv, ValidationReport report) {
    if (report.isSimulated()) {
      return "simulated: the validation pod ran on a simulated node, which downloaded, hashed and"
          + " loaded nothing";
    }
    if (mv.getSpec().sha256 != null) {
      return "sha256 " + mv.getSpec().sha256 + " matches; the model loads in ONNX Runtime";
    }
    return "no sha256 in the spec (the artifact's is "
        + (report.sha256() == null ? "unknown" : report.sha256())
        + "); the model loads in ONNX Runtime";
  }

  private static String goldenUri(ModelVersion mv) {
    var validation = mv.getSpec().validation;
    return validation == null || validation.goldenSet == null
        ? null
        : validation.goldenSet.storageUri;
  }

  private static Optional<JobCondition> finishedCondition(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
        .findFirst();
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> ValidationJobResources.CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null)
        .map(s -> s.getTerminated())
        .findFirst();
  }

  private static Optional<Instant> parseTime(String time) {
    try {
      return time == null ? Optional.empty() : Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }
}
