package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which model scores which files, into which output, how wide. Immutable once created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.modelVersion) != has(self.modelRef)",
    message = "set exactly one of spec.modelVersion or spec.modelRef")
@ValidationRule(
    value = "!has(self.shards) || !has(self.parallelism) || self.parallelism <= self.shards",
    message = "parallelism must not exceed shards")
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: a BatchPrediction runs once; create a new one to score again")
public class BatchPredictionSpec {
  @JsonPropertyDescription("Name of the ModelVersion that scores, e.g. fraud-7.")
  @ValidationRule(value = "size(self) > 0", message = "modelVersion must not be empty")
  @Size(max = 253)
  public String modelVersion;

  @JsonPropertyDescription(
      "The ModelVersion carrying an alias, e.g. {modelName: fraud, alias: champion}; latest is"
          + " the newest validated version. Resolved once, when the batch starts.")
  public ModelRef modelRef;

  @JsonPropertyDescription("The files to score, in order; rows are numbered across them from 0.")
  @Required
  @Size(min = 1, max = 256)
  public List<BatchInput> inputs;

  @JsonPropertyDescription("How the inputs are written: CSV (a header row, unquoted values).")
  @Default("CSV")
  public DatasetFormat format;

  @JsonPropertyDescription(
      "A column whose value becomes each output row's row_id; default: the row's number.")
  @Size(max = 256)
  public String idColumn;

  @JsonPropertyDescription(
      "Names of the model's classes, in output order, e.g. [legit, fraud]: the prediction column"
          + " holds the name and the probability columns are p_<name>. Default: class indexes.")
  @Size(max = 1000)
  public List<String> classLabels;

  @JsonPropertyDescription("Where the predictions, errors and manifests go.")
  @Required
  public BatchOutput output;

  @JsonPropertyDescription(
      "How many shards the rows are split into (contiguous row ranges); default: parallelism.")
  @Min(1)
  @Max(1000)
  public Integer shards;

  @JsonPropertyDescription("How many shards run at once.")
  @Default("2")
  @Min(1)
  @Max(100)
  public Integer parallelism;

  @JsonPropertyDescription(
      "A row that fails the server's input validation: Skip writes it with its reason to the"
          + " shard's errors file, Fail fails the shard and the batch.")
  @Default("Skip")
  public InvalidRowPolicy onInvalidRow;

  @JsonPropertyDescription("Rows per ONNX Runtime run.")
  @Default("4096")
  @Min(1)
  @Max(1048576)
  public Integer batchSize;

  @JsonPropertyDescription(
      "Retries of a failed shard (a crash, an evicted pod); a shard that fails for a reason a"
          + " retry cannot mend (invalid rows under Fail, a missing input) is not retried.")
  @Default("2")
  @Min(0)
  @Max(10)
  public Integer retriesPerShard;

  @JsonPropertyDescription(
      "Seconds the whole batch may run before it is stopped and Failed; default: no limit.")
  @Min(1)
  public Long activeDeadlineSeconds;

  @JsonPropertyDescription(
      "Resources per shard pod, e.g. {limits: {cpu: \"2\", memory: 2Gi}}; a GPU limit puts the"
          + " shards on GPU nodes.")
  public ResourceSpec resources;

  @JsonPropertyDescription("Overlay on the plan and shard pods: nodeSelector, tolerations, ...")
  public PodTemplateOverlay podTemplate;
}
