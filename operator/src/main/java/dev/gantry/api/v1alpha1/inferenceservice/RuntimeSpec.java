package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** ONNX Runtime settings of the serving pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuntimeSpec {
  @JsonPropertyDescription("Inference image; empty means the operator's configured image.")
  public String image;

  @JsonPropertyDescription("Execution providers in order of preference; CPU is the fallback.")
  @Size(min = 1, max = 3)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q == p))",
      message = "executionProviders must not repeat")
  public List<ExecutionProvider> executionProviders;

  @JsonPropertyDescription("ONNX Runtime graph optimization level.")
  @Default("all")
  public GraphOptimizationLevel graphOptimizationLevel;

  @JsonPropertyDescription("Threads inside one operator; 0 means one per CPU of the limit.")
  @Default("0")
  @ValidationRule(
      value = "self >= 0 && self <= 256",
      message = "intraOpThreads must be between 0 and 256")
  public Integer intraOpThreads;

  @JsonPropertyDescription("Threads running operators in parallel; 0 means ONNX Runtime's default.")
  @Default("0")
  @ValidationRule(
      value = "self >= 0 && self <= 256",
      message = "interOpThreads must be between 0 and 256")
  public Integer interOpThreads;

  @JsonPropertyDescription("Dynamic batching of concurrent requests into one model call.")
  public BatchingSpec batching;
}
