package dev.gantry.api.v1alpha1.batchprediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Which model scores which files, into which output, how wide; immutable once created. With a
 * {@code schedule}, the object is a template whose runs are child BatchPredictions; only the
 * schedule's own fields may change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.modelVersion) != has(self.modelRef)",
    message = "set exactly one of spec.modelVersion or spec.modelRef")
@ValidationRule(
    value = "!has(self.shards) || !has(self.parallelism) || self.parallelism <= self.shards",
    message = "parallelism must not exceed shards")
@ValidationRule(
    value = BatchPredictionSpec.SAME_DATA,
    message =
        "spec is immutable (except schedule, suspend, concurrencyPolicy and the history limits):"
            + " a BatchPrediction runs once; create a new one to score again")
@ValidationRule(
    value = "has(self.schedule) == has(oldSelf.schedule)",
    message =
        "spec.schedule cannot be added to or removed from an existing BatchPrediction: a run stays"
            + " a run and a schedule stays a schedule; create a new one")
@ValidationRule(
    value =
        "has(self.schedule) || !(has(self.suspend) || has(self.concurrencyPolicy)"
            + " || has(self.successfulRunsHistoryLimit) || has(self.failedRunsHistoryLimit))",
    message =
        "suspend, concurrencyPolicy, successfulRunsHistoryLimit and failedRunsHistoryLimit need"
            + " spec.schedule")
@ValidationRule(
    value = "!has(self.schedule) || size(self.output.uri) <= 2034",
    message =
        "with a schedule, output.uri may have at most 2034 characters: each run writes under"
            + " <output.uri>/<yyyyMMddHHmm>/")
public class BatchPredictionSpec {
  /**
   * Every field but the schedule's own is unchanged: what a run scores, with what and where. The
   * fields that always exist (required or defaulted) compare directly; optional ones must also be
   * present in both or in neither.
   */
  public static final String SAME_DATA =
      "self.inputs == oldSelf.inputs && self.output == oldSelf.output"
          + " && self.format == oldSelf.format && self.parallelism == oldSelf.parallelism"
          + " && self.onInvalidRow == oldSelf.onInvalidRow && self.batchSize == oldSelf.batchSize"
          + " && self.retriesPerShard == oldSelf.retriesPerShard"
          + " && has(self.modelVersion) == has(oldSelf.modelVersion)"
          + " && (!has(self.modelVersion) || self.modelVersion == oldSelf.modelVersion)"
          + " && has(self.modelRef) == has(oldSelf.modelRef)"
          + " && (!has(self.modelRef) || self.modelRef == oldSelf.modelRef)"
          + " && has(self.idColumn) == has(oldSelf.idColumn)"
          + " && (!has(self.idColumn) || self.idColumn == oldSelf.idColumn)"
          + " && has(self.classLabels) == has(oldSelf.classLabels)"
          + " && (!has(self.classLabels) || self.classLabels == oldSelf.classLabels)"
          + " && has(self.shards) == has(oldSelf.shards)"
          + " && (!has(self.shards) || self.shards == oldSelf.shards)"
          + " && has(self.activeDeadlineSeconds) == has(oldSelf.activeDeadlineSeconds)"
          + " && (!has(self.activeDeadlineSeconds)"
          + " || self.activeDeadlineSeconds == oldSelf.activeDeadlineSeconds)"
          + " && has(self.resources) == has(oldSelf.resources)"
          + " && (!has(self.resources) || self.resources == oldSelf.resources)"
          + " && has(self.podTemplate) == has(oldSelf.podTemplate)"
          + " && (!has(self.podTemplate) || self.podTemplate == oldSelf.podTemplate)";

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

  @JsonPropertyDescription(
      "Score on a schedule: a five-field cron expression in UTC, e.g. \"0 3 * * *\". The object"
          + " then runs nothing itself: at each firing it creates a run, a child BatchPrediction"
          + " <name>-<yyyyMMddHHmm> with this spec that writes under <output.uri>/<yyyyMMddHHmm>/."
          + " Only the latest missed firing runs. May be edited, not added or removed.")
  @ValidationRule(
      value = Rules.CRON_RULE,
      message = "schedule must be a cron expression with five fields, e.g. \"0 3 * * *\"")
  @Size(max = 128)
  public String schedule;

  @JsonPropertyDescription(
      "With a schedule: true stops new runs (active ones go on); firings missed while suspended"
          + " are not run on resume. Default: false.")
  public Boolean suspend;

  @JsonPropertyDescription(
      "With a schedule: Forbid skips a firing while a run is still active (counted in"
          + " status.skippedRuns), Allow starts it beside the active one. Default: Forbid.")
  public ConcurrencyPolicy concurrencyPolicy;

  @JsonPropertyDescription(
      "With a schedule: how many succeeded runs to keep; older ones are deleted. Default: 3.")
  @Min(0)
  @Max(100)
  public Integer successfulRunsHistoryLimit;

  @JsonPropertyDescription(
      "With a schedule: how many failed runs to keep; older ones are deleted. Default: 1.")
  @Min(0)
  @Max(100)
  public Integer failedRunsHistoryLimit;
}
