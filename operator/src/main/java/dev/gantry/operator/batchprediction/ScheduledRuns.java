package dev.gantry.operator.batchprediction;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.batchprediction.BatchOutput;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.operator.common.ChildNames;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.OwnerReferences;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure builders of a scheduled BatchPrediction's runs: child BatchPredictions named and written to
 * by their firing time, so that a restarted operator finds the run of a firing instead of creating
 * a second one, and no run overwrites another's output.
 */
public final class ScheduledRuns {
  /**
   * On a run: the firing it runs (RFC 3339), as CronJob's {@code
   * batch.kubernetes.io/cronjob-scheduled-timestamp} on its Jobs.
   */
  public static final String SCHEDULED_AT = "gantry.dev/scheduled-at";

  /**
   * A run's name leaves room for its Jobs' suffixes ({@code -shards} is the longer), so its Jobs
   * keep the firing time in their names and two runs' Jobs never collide.
   */
  public static final int MAX_RUN_NAME = ChildNames.MAX_LABEL_VALUE - "-shards".length();

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScheduledRuns() {}

  /** The firing time as it appears in a run's name and output: {@code yyyyMMddHHmm}, UTC. */
  public static String stamp(Instant firing) {
    return STAMP.format(firing);
  }

  /**
   * {@code <parent>-<yyyyMMddHHmm>}; a parent too long for that is cut and followed by 6 hex
   * characters of its name's sha256, so two long parents with one prefix get distinct runs.
   */
  public static String runName(String parent, Instant firing) {
    String suffix = "-" + stamp(firing);
    if (parent.length() + suffix.length() <= MAX_RUN_NAME) {
      return parent + suffix;
    }
    String digest = "-" + ChildNames.sha256(parent).substring(0, 6);
    return ChildNames.withSuffix(parent, digest + suffix, MAX_RUN_NAME);
  }

  /** The parent's output with the firing time as a sub-folder: {@code <uri>/<yyyyMMddHHmm>}. */
  public static String runOutputUri(String parentUri, Instant firing) {
    return parentUri.replaceAll("/+$", "") + "/" + stamp(firing);
  }

  /**
   * The run of {@code firing}: the parent's spec without the schedule's fields, writing under its
   * own output folder, owned by the parent (deleted with it), labelled with the parent's name.
   */
  public static BatchPrediction run(BatchPrediction parent, Instant firing) {
    BatchPrediction run = new BatchPrediction();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(runName(parent.getMetadata().getName(), firing))
            .withNamespace(parent.getMetadata().getNamespace())
            .addToLabels(Labels.BATCH_SCHEDULE, parent.getMetadata().getName())
            .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY)
            .addToAnnotations(SCHEDULED_AT, firing.toString())
            .withOwnerReferences(OwnerReferences.controller(parent))
            .build());
    BatchPredictionSpec spec = JSON.convertValue(parent.getSpec(), BatchPredictionSpec.class);
    spec.schedule = null;
    spec.suspend = null;
    spec.concurrencyPolicy = null;
    spec.successfulRunsHistoryLimit = null;
    spec.failedRunsHistoryLimit = null;
    spec.output = new BatchOutput();
    spec.output.uri = runOutputUri(parent.getSpec().output.uri, firing);
    run.setSpec(spec);
    return run;
  }

  /**
   * The parent's runs among {@code children}: those it controls (by uid, so runs of an earlier
   * object of the same name do not count) that say which firing they run.
   */
  public static List<RunSchedule.Run> runsOf(
      BatchPrediction parent, Collection<BatchPrediction> children) {
    String uid = parent.getMetadata().getUid();
    return children.stream()
        .filter(c -> controlledBy(c, uid))
        .flatMap(c -> run(c).stream())
        .sorted(RunSchedule.Run.BY_FIRING)
        .toList();
  }

  private static boolean controlledBy(BatchPrediction child, String uid) {
    List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(uid, o.getUid()));
  }

  private static Optional<RunSchedule.Run> run(BatchPrediction child) {
    var annotations = child.getMetadata().getAnnotations();
    String at = annotations == null ? null : annotations.get(SCHEDULED_AT);
    if (at == null) {
      return Optional.empty();
    }
    try {
      var status = child.getStatus();
      return Optional.of(
          new RunSchedule.Run(
              child.getMetadata().getName(),
              Instant.parse(at),
              status == null ? null : status.phase,
              status == null ? null : status.completionTime));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
