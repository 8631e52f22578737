package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * The token the inference server asks every caller for. The operator never reads the Secret: the
 * pods mount it, and the server reads the token file (and reads it again after a rotation).
 */
public class AuthSpec {
  @JsonPropertyDescription(
      "A Secret in the InferenceService's namespace holding the token. The serving pods mount it"
          + " read-only; callers send 'Authorization: Bearer <token>' (gRPC: the metadata"
          + " 'authorization'). A missing Secret or key keeps the pods in ContainerCreating.")
  @Required
  public SecretKeyRef tokenSecretRef;
}
