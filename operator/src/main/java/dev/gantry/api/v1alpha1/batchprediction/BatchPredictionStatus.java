package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Progress and outcome, from the plan's and the shards' reports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchPredictionStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Pending, Planning, Running, Succeeded or Failed; with a schedule: Scheduled, Suspended or"
          + " Failed (see the Scheduled condition).")
  public BatchPredictionPhase phase;

  @JsonPropertyDescription("ModelResolved, Planned, Complete; with a schedule: Scheduled.")
  public List<Condition> conditions;

  @JsonPropertyDescription("The ModelVersion scoring this batch, fixed when it started.")
  public String modelVersion;

  @JsonPropertyDescription("The artifact's sha256, checked by every shard.")
  public String modelSha256;

  @JsonPropertyDescription("The plan Job and the shards' Indexed Job.")
  public String planJob;

  public String shardJob;

  @JsonPropertyDescription("Rows over all inputs, counted by the plan.")
  public Long rowsTotal;

  @JsonPropertyDescription("Rows of finished shards: scored plus invalid.")
  public Long rowsDone;

  @JsonPropertyDescription("Rows refused by input validation.")
  public Long rowsInvalid;

  @JsonPropertyDescription(
      "Rows per second of the shards' own work (read, validate, score, write), summed over"
          + " finished shards, as a decimal string.")
  public String rowsPerSecond;

  @JsonPropertyDescription("Finished shards out of all, e.g. 3/4.")
  public String shardsDone;

  @JsonPropertyDescription("Each shard.")
  public List<ShardStatus> shards;

  @JsonPropertyDescription("When the plan started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the batch Succeeded or Failed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("With a schedule: the firing time of the latest run created (RFC 3339).")
  public String lastScheduleTime;

  @JsonPropertyDescription(
      "With a schedule: the next firing (RFC 3339); empty while suspended or invalid.")
  public String nextScheduleTime;

  @JsonPropertyDescription("With a schedule: the runs not yet Succeeded or Failed.")
  public List<String> active;

  @JsonPropertyDescription("With a schedule: the latest run, by firing time.")
  public String lastRun;

  @JsonPropertyDescription("With a schedule: the latest run's phase.")
  public BatchPredictionPhase lastRunPhase;

  @JsonPropertyDescription("With a schedule: the latest run that Succeeded.")
  public String lastSuccessfulRun;

  @JsonPropertyDescription("With a schedule: when lastSuccessfulRun completed (RFC 3339).")
  public String lastSuccessfulTime;

  @JsonPropertyDescription(
      "With a schedule: firings skipped because a run was still active (concurrencyPolicy"
          + " Forbid).")
  public Integer skippedRuns;

  @JsonPropertyDescription("With a schedule: the latest skipped firing (RFC 3339).")
  public String lastSkippedTime;
}
