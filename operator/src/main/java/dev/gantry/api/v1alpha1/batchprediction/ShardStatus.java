package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One shard, as its Job index and its report say. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShardStatus {
  @JsonPropertyDescription("The shard's index (its Job completion index).")
  public Integer index;

  @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
  public String state;

  @JsonPropertyDescription("Rows in the shard's range.")
  public Long rows;

  @JsonPropertyDescription("Rows scored and written.")
  public Long predicted;

  @JsonPropertyDescription("Rows refused by input validation.")
  public Long invalid;

  @JsonPropertyDescription("Pods that ran the shard, retries included.")
  public Integer attempts;

  @JsonPropertyDescription("Seconds the shard's last run took, as a decimal string.")
  public String seconds;

  @JsonPropertyDescription("sha256 of the shard's output file.")
  public String sha256;

  @JsonPropertyDescription("Why the shard failed.")
  public String message;

  public ShardStatus() {}

  public ShardStatus(int index, String state) {
    this.index = index;
    this.state = state;
  }
}
