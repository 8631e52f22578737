package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The serving pods' NetworkPolicy (ingress only): who may call the inference ports, who may scrape
 * the metrics. The operator adds a rule for its own pods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
  @JsonPropertyDescription(
      "Create the NetworkPolicy. Turning it off again deletes it. Default false: no"
          + " NetworkPolicy, every pod that can reach the Service may call it.")
  @Default("false")
  public Boolean enabled;

  @JsonPropertyDescription(
      "Who may call the inference ports (REST 8080, gRPC 8081): NetworkPolicy peers"
          + " (podSelector and/or namespaceSelector, or ipBlock). Empty: nobody but the operator"
          + " and the scraper (metricsFrom).")
  @Size(max = 32)
  public List<NetworkPeer> ingressFrom;

  @JsonPropertyDescription(
      "Who may scrape the metrics (GET /metrics on port 8080, the REST port: a NetworkPolicy"
          + " cannot tell paths apart). Default: every pod of the namespace named monitoring."
          + " []: no scraper.")
  @Default(
      "[{\"namespaceSelector\": {\"matchLabels\": {\"kubernetes.io/metadata.name\":"
          + " \"monitoring\"}}}]")
  @Size(max = 32)
  public List<NetworkPeer> metricsFrom;
}
