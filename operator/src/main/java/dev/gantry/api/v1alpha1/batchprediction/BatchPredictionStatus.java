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

  @JsonPropertyDescription("Pending, Planning, Running, Succeeded or Failed.")
  public BatchPredictionPhase phase;

  @JsonPropertyDescription("ModelResolved, Planned, Complete.")
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
}
