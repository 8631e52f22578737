package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed of an InferenceService. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceServiceStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending, Progressing, Ready, Degraded or Failed.")
  public InferenceServicePhase phase;

  @JsonPropertyDescription("Ready, ModelResolved, PredictorReady, CanaryReady, RolledBack.")
  public List<Condition> conditions;

  @JsonPropertyDescription("In-cluster URL of the model's Open Inference Protocol endpoint.")
  public String url;

  @JsonPropertyDescription("The stable ModelVersion, receiving the rest of the traffic.")
  public String modelVersion;

  @JsonPropertyDescription("The version being rolled out, if any.")
  public CanaryStatus canary;

  @JsonPropertyDescription(
      "The version last rolled back after failed analysis; it is not tried again until the spec"
          + " asks for another version.")
  public String rolledBackVersion;

  @JsonPropertyDescription("How traffic is split: GatewayAPI or ReplicaRatio.")
  public TrafficSplit trafficSplit;

  @JsonPropertyDescription("Serving pods ready, stable and canary together.")
  public Integer readyReplicas;
}
