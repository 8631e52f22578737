package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.batchprediction.BatchPredictionReasons.COMPLETE;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.MODEL_RESOLVED;
import static dev.gantry.operator.batchprediction.BatchPredictionReasons.PLANNED;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.batchprediction.ShardStatus;
import dev.gantry.contract.BatchReport;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A BatchPrediction's status from what was observed: the model, the plan's report, and per shard
 * the Indexed Job's completed and failed indexes and the shard pods' reports. A shard's numbers,
 * once in status, stay there when its pod is gone. Pure.
 */
public final class BatchPredictionStatusCalculator {
  /** How long a finished Job's reports are awaited in the pod cache. */
  static final Duration REPORT_GRACE = Duration.ofSeconds(60);

  private BatchPredictionStatusCalculator() {}

  public static BatchPredictionStatus calculate(BatchPrediction bp, Observed o, Instant now) {
    BatchPredictionStatus prev = bp.getStatus();
    List<Condition> before = prev == null ? null : prev.conditions;
    Long generation = bp.getMetadata().getGeneration();
    BatchPredictionStatus s = new BatchPredictionStatus();
    s.observedGeneration = generation;
    s.modelVersion = o.modelVersion().orElse(null);
    s.modelSha256 = o.modelSha256();
    s.planJob = o.planJob().map(j -> j.getMetadata().getName()).orElse(null);
    s.shardJob = o.shardJob().map(j -> j.getMetadata().getName()).orElse(null);
    s.startTime =
        prev != null && prev.startTime != null
            ? prev.startTime
            : o.planJob().map(j -> j.getMetadata().getCreationTimestamp()).orElse(null);
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.of(
            before,
            MODEL_RESOLVED,
            o.modelVersion().isPresent(),
            o.modelVersion().isPresent() ? BatchPredictionReasons.PINNED : o.modelReason(),
            o.modelMessage(),
            generation,
            now));

    Outcome outcome = outcome(bp, o, prev, s, now);
    conditions.add(
        Conditions.of(
            before,
            PLANNED,
            s.rowsTotal != null,
            outcome.planReason,
            outcome.planMessage,
            generation,
            now));
    conditions.add(
        Conditions.of(
            before,
            COMPLETE,
            outcome.phase == BatchPredictionPhase.Succeeded,
            outcome.reason,
            outcome.message,
            generation,
            now));
    s.conditions = conditions;
    s.phase = outcome.phase;
    if (s.phase == BatchPredictionPhase.Succeeded || s.phase == BatchPredictionPhase.Failed) {
      s.completionTime =
          prev != null && prev.completionTime != null
              ? prev.completionTime
              : now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    return s;
  }

  private record Outcome(
      BatchPredictionPhase phase,
      String reason,
      String message,
      String planReason,
      String planMessage) {}

  private static Outcome outcome(
      BatchPrediction bp,
      Observed o,
      BatchPredictionStatus prev,
      BatchPredictionStatus s,
      Instant now) {
    String waitingPlan = BatchPredictionReasons.WAITING_FOR_PLAN;
    if (o.jobError().isPresent()) {
      return new Outcome(
          BatchPredictionPhase.Failed,
          BatchPredictionReasons.JOB_NOT_CREATED,
          o.jobError().get(),
          waitingPlan,
          "no plan");
    }
    if (o.modelVersion().isEmpty()) {
      boolean gone =
          BatchPredictionReasons.MODEL_GONE.equals(o.modelReason())
              || BatchPredictionReasons.MODEL_REJECTED.equals(o.modelReason());
      return new Outcome(
          gone ? BatchPredictionPhase.Failed : BatchPredictionPhase.Pending,
          gone ? o.modelReason() : BatchPredictionReasons.WAITING_FOR_MODEL,
          o.modelMessage(),
          waitingPlan,
          "the plan starts once a validated ModelVersion is resolved");
    }
    if (o.planJob().isEmpty()) {
      return new Outcome(
          BatchPredictionPhase.Planning,
          BatchPredictionReasons.PLANNING,
          "creating the plan Job",
          BatchPredictionReasons.PLANNING,
          "creating the plan Job");
    }
    Job plan = o.planJob().get();
    String planName = plan.getMetadata().getName();
    Optional<StepReports.Ended> planEnd =
        StepReports.podsOf(planName, o.pods()).stream()
            .map(p -> StepReports.ended(p, BatchJobs.PLAN_CONTAINER))
            .flatMap(Optional::stream)
            .findFirst();
    Optional<BatchReport> planReport =
        planEnd.filter(StepReports.Ended::succeeded).flatMap(StepReports.Ended::report);
    if (planReport.isPresent() && planReport.get().totalRows() != null) {
      s.rowsTotal = planReport.get().totalRows();
    } else if (prev != null && prev.rowsTotal != null && s.shardJob != null) {
      s.rowsTotal = prev.rowsTotal;
    }
    Optional<JobCondition> planDone = finished(plan);
    if (s.rowsTotal == null) {
      if (planDone.isPresent() && "Failed".equals(planDone.get().getType())) {
        String why =
            planEnd
                .map(StepReports.Ended::failure)
                .orElse(
                    planDone.get().getReason() + ": " + nullToEmpty(planDone.get().getMessage()));
        String message = "the plan failed: " + why;
        return new Outcome(
            BatchPredictionPhase.Failed,
            BatchPredictionReasons.PLAN_FAILED,
            message,
            BatchPredictionReasons.PLAN_FAILED,
            message);
      }
      String message =
          "the plan Job "
              + planName
              + (planDone.isPresent() ? " ended; reading its report" : " checks the inputs");
      return new Outcome(
          BatchPredictionPhase.Planning,
          BatchPredictionReasons.PLANNING,
          message,
          BatchPredictionReasons.PLANNING,
          message);
    }
    int shards = BatchJobs.shardCount(bp.getSpec());
    String planMessage =
        s.rowsTotal
            + " rows in "
            + bp.getSpec().inputs.size()
            + " file(s), split into "
            + shards
            + " shard(s)";
    if (o.shardJob().isEmpty()) {
      return new Outcome(
          BatchPredictionPhase.Running,
          BatchPredictionReasons.SHARDS_RUNNING,
          "creating the shards' Job",
          BatchPredictionReasons.PLAN_READY,
          planMessage);
    }
    Job job = o.shardJob().get();
    List<ShardStatus> list = shards(job, shards, o.pods(), prev);
    s.shards = list;
    long succeeded = list.stream().filter(x -> "Succeeded".equals(x.state)).count();
    s.shardsDone = succeeded + "/" + shards;
    long done = 0;
    long invalid = 0;
    boolean allReported = true;
    for (ShardStatus x : list) {
      if (!"Succeeded".equals(x.state)) {
        continue;
      }
      if (x.predicted == null) {
        allReported = false;
        continue;
      }
      done += x.predicted + (x.invalid == null ? 0 : x.invalid);
      invalid += x.invalid == null ? 0 : x.invalid;
    }
    s.rowsDone = done;
    s.rowsInvalid = invalid;
    s.rowsPerSecond = rate(job, o.pods(), done).orElse(prev == null ? null : prev.rowsPerSecond);

    Optional<JobCondition> end = finished(job);
    if (end.isPresent() && "Failed".equals(end.get().getType())) {
      boolean deadline = "DeadlineExceeded".equals(end.get().getReason());
      String failedShards =
          list.stream()
              .filter(x -> "Failed".equals(x.state))
              .map(x -> "shard " + x.index + ": " + nullToEmpty(x.message))
              .reduce((a, b) -> a + "; " + b)
              .orElse(end.get().getReason() + ": " + nullToEmpty(end.get().getMessage()));
      return new Outcome(
          BatchPredictionPhase.Failed,
          deadline ? BatchPredictionReasons.DEADLINE_EXCEEDED : BatchPredictionReasons.SHARD_FAILED,
          (deadline ? "the batch ran past activeDeadlineSeconds; " : "")
              + failedShards
              + " ("
              + s.shardsDone
              + " shards done)",
          BatchPredictionReasons.PLAN_READY,
          planMessage);
    }
    if (end.isPresent()) {
      Instant endedAt = parseTime(end.get().getLastTransitionTime()).orElse(now);
      if (!allReported && now.isBefore(endedAt.plus(REPORT_GRACE))) {
        return new Outcome(
            BatchPredictionPhase.Running,
            BatchPredictionReasons.READING_REPORTS,
            "every shard finished; reading their reports",
            BatchPredictionReasons.PLAN_READY,
            planMessage);
      }
      String message =
          done
              + " of "
              + s.rowsTotal
              + " rows done ("
              + invalid
              + " invalid) in "
              + shards
              + " shard(s), written to "
              + bp.getSpec().output.uri
              + (allReported ? "" : "; some shards' reports were lost with their pods");
      return new Outcome(
          BatchPredictionPhase.Succeeded,
          BatchPredictionReasons.SUCCEEDED,
          message,
          BatchPredictionReasons.PLAN_READY,
          planMessage);
    }
    return new Outcome(
        BatchPredictionPhase.Running,
        BatchPredictionReasons.SHARDS_RUNNING,
        s.shardsDone + " shards done, " + done + " of " + s.rowsTotal + " rows",
        BatchPredictionReasons.PLAN_READY,
        planMessage);
  }

  /** Per shard: its Job index's state, its pods' attempts, and the report of its success. */
  static List<ShardStatus> shards(Job job, int shards, List<Pod> all, BatchPredictionStatus prev) {
    String completedText = job.getStatus() == null ? null : job.getStatus().getCompletedIndexes();
    String failedText = job.getStatus() == null ? null : job.getStatus().getFailedIndexes();
    BitSet completed = IndexSet.parse(completedText, shards);
    BitSet failed = IndexSet.parse(failedText, shards);
    List<Pod> pods = StepReports.podsOf(job.getMetadata().getName(), all);
    List<ShardStatus> out = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      final int index = i;
      List<Pod> mine = pods.stream().filter(p -> StepReports.index(p) == index).toList();
      ShardStatus previous = previous(prev, i);
      String state;
      if (completed.get(i)) {
        state = "Succeeded";
      } else if (failed.get(i)) {
        state = "Failed";
      } else if (!mine.isEmpty()) {
        state = "Running";
      } else {
        state = "Pending";
      }
      ShardStatus x = new ShardStatus(i, state);
      int attempts = mine.size();
      x.attempts =
          Math.max(attempts, previous == null || previous.attempts == null ? 0 : previous.attempts);
      if (x.attempts == 0) {
        x.attempts = null;
      }
      List<StepReports.Ended> ended =
          mine.stream()
              .map(p -> StepReports.ended(p, BatchJobs.SHARD_CONTAINER))
              .flatMap(Optional::stream)
              .toList();
      Optional<BatchReport> report =
          ended.stream()
              .filter(StepReports.Ended::succeeded)
              .map(e -> e.report().orElseThrow())
              .findFirst();
      if ("Succeeded".equals(state) && report.isPresent()) {
        BatchReport r = report.get();
        x.rows = r.totalRows();
        x.predicted = r.predicted();
        x.invalid = r.invalid();
        x.seconds = r.seconds() == null ? null : decimal(r.seconds(), 3);
        x.sha256 = r.sha256();
      } else if ("Succeeded".equals(state) && previous != null && previous.predicted != null) {
        x.rows = previous.rows;
        x.predicted = previous.predicted;
        x.invalid = previous.invalid;
        x.seconds = previous.seconds;
        x.sha256 = previous.sha256;
      }
      if (!"Succeeded".equals(state)) {
        ended.stream()
            .filter(e -> !e.succeeded())
            .findFirst()
            .map(StepReports.Ended::failure)
            .or(() -> Optional.ofNullable(previous == null ? null : previous.message))
            .ifPresent(m -> x.message = m);
      }
      out.add(x);
    }
    return out;
  }

  private static ShardStatus previous(BatchPredictionStatus prev, int index) {
    if (prev == null || prev.shards == null) {
      return null;
    }
    return prev.shards.stream()
        .filter(x -> x.index != null && x.index == index)
        .findFirst()
        .orElse(null);
  }

  /**
   * Rows done over the wall-clock time from the shards' Job start to the last finished shard: the
   * batch's throughput, not one pod's.
   */
  private static Optional<String> rate(Job job, List<Pod> pods, long done) {
    if (done == 0 || job.getStatus() == null) {
      return Optional.empty();
    }
    Optional<Instant> start = parseTime(job.getStatus().getStartTime());
    Optional<Instant> last =
        StepReports.podsOf(job.getMetadata().getName(), pods).stream()
            .map(p -> StepReports.ended(p, BatchJobs.SHARD_CONTAINER))
            .flatMap(Optional::stream)
            .filter(StepReports.Ended::succeeded)
            .map(e -> parseTime(e.finishedAt()))
            .flatMap(Optional::stream)
            .max(Instant::compareTo);
    if (start.isEmpty() || last.isEmpty()) {
      return Optional.empty();
    }
    double seconds = Math.max(1, Duration.between(start.get(), last.get()).toSeconds());
    return Optional.of(decimal(done / seconds, 0));
  }

  private static Optional<JobCondition> finished(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
        .findFirst();
  }

  private static Optional<Instant> parseTime(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
