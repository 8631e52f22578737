package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import java.util.Optional;

/**
 * What the spec's model reference resolves to: a validated ModelVersion that may be served, or why
 * there is none (a {@link InferenceServiceReasons} reason and a message for ModelResolved).
 *
 * @param model the ModelVersion to serve, empty when refused or not found
 * @param rejected whether the named version failed validation for good (not merely not yet done)
 */
public record ModelResolution(
    Optional<ModelVersion> model, String reason, String message, boolean rejected) {

  static ModelResolution resolved(ModelVersion model, String message) {
    return new ModelResolution(
        Optional.of(model), InferenceServiceReasons.RESOLVED, message, false);
  }

  static ModelResolution refused(String reason, String message, boolean rejected) {
    return new ModelResolution(Optional.empty(), reason, message, rejected);
  }

  public boolean isResolved() {
    return model.isPresent();
  }

  public Optional<String> versionName() {
    return model.map(m -> m.getMetadata().getName());
  }
}
