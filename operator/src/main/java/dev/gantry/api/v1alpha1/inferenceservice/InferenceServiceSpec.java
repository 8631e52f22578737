package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Which model to serve, how, and how new versions roll out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.modelVersion) != has(self.modelRef)",
    message = "set exactly one of spec.modelVersion or spec.modelRef")
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas")
public class InferenceServiceSpec {
  @JsonPropertyDescription("Name of the ModelVersion to serve, e.g. fraud-7.")
  @ValidationRule(value = "size(self) > 0", message = "modelVersion must not be empty")
  @Size(max = 253)
  public String modelVersion;

  @JsonPropertyDescription(
      "Serve whatever version carries an alias, e.g. {modelName: fraud, alias: champion}."
          + " Moving the alias rolls the new version out.")
  public ModelRef modelRef;

  @JsonPropertyDescription("Open Inference Protocol version; v2 (REST and gRPC).")
  @Default("v2")
  public ProtocolVersion protocolVersion;

  @JsonPropertyDescription("Fewest serving pods.")
  @Default("1")
  @ValidationRule(value = "self >= 1", message = "minReplicas must be at least 1")
  public Integer minReplicas;

  @JsonPropertyDescription("Most serving pods the autoscaler may run.")
  @Default("4")
  @ValidationRule(value = "self <= 1000", message = "maxReplicas must be at most 1000")
  public Integer maxReplicas;

  @JsonPropertyDescription("What the autoscaler scales on: cpu or memory utilization.")
  @Default("cpu")
  public ScaleMetric scaleMetric;

  @JsonPropertyDescription("Target utilization of the scale metric, in percent.")
  @Default("70")
  @ValidationRule(
      value = "self >= 1 && self <= 100",
      message = "scaleTarget must be between 1 and 100")
  public Integer scaleTarget;

  @JsonPropertyDescription("Resources per serving pod.")
  public ResourceSpec resources;

  @JsonPropertyDescription("Inference runtime settings.")
  public RuntimeSpec runtime;

  @JsonPropertyDescription("How a new model version replaces the served one.")
  public RolloutSpec rollout;

  @JsonPropertyDescription(
      "Checks on every request against the model's inputs and training ranges:"
          + " Reject (HTTP 400), Warn (log and count) or Off.")
  @Default("Reject")
  public InputValidation inputValidation;

  @JsonPropertyDescription("Overlay on the serving pods: nodeSelector, tolerations, ...")
  public PodTemplateOverlay podTemplate;

  @JsonPropertyDescription(
      "Who may call the serving pods: a bearer token (auth) and a NetworkPolicy (networkPolicy).")
  public SecuritySpec security;
}
