package dev.gantry.operator.trainingjob;

/**
 * The outcome of registering a succeeded job's model, as the ModelRegistered condition shows it.
 *
 * @param registered whether a ModelVersion now exists
 * @param modelVersion its name, when registered
 * @param reason a stable CamelCase reason
 * @param message what happened, for humans
 */
public record ModelRegistration(
    boolean registered, String modelVersion, String reason, String message) {
  public static final String REGISTERED = "Registered";

  public static ModelRegistration registered(String modelVersion) {
    return new ModelRegistration(
        true, modelVersion, REGISTERED, "registered as ModelVersion " + modelVersion);
  }

  public static ModelRegistration failed(String reason, String message) {
    return new ModelRegistration(false, null, reason, message);
  }
}
