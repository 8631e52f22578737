package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who may call the serving pods: a bearer token on requests, a NetworkPolicy on connections. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecuritySpec {
  @JsonPropertyDescription(
      "Bearer-token authentication of inference and metadata requests (REST and gRPC); health"
          + " and metrics stay open. Off when unset.")
  public AuthSpec auth;

  @JsonPropertyDescription(
      "A NetworkPolicy on the serving pods (stable and canary) that admits only the listed"
          + " callers, the Prometheus scraper and the operator. Off unless enabled.")
  public NetworkPolicySpec networkPolicy;
}
