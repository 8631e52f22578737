package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceSpec;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.modelversion.AliasArbitration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Resolves an InferenceService's model reference against the ModelVersions of its namespace. */
public final class ModelResolver {
  static final String VALIDATED = "Validated";

  /** The reserved alias that always means the newest validated version of the model. */
  public static final String LATEST = AliasArbitration.LATEST;

  private ModelResolver() {}

  public static ModelResolution resolve(InferenceServiceSpec spec, List<ModelVersion> versions) {
    return resolve(spec.modelVersion, spec.modelRef, versions);
  }

  /** A version named outright, or by alias (exactly one is set): validated versions only. */
  public static ModelResolution resolve(
      String modelVersion, ModelRef modelRef, List<ModelVersion> versions) {
    if (modelRef != null) {
      return byAlias(modelRef, versions);
    }
    return versions.stream()
        .filter(v -> v.getMetadata().getName().equals(modelVersion))
        .findFirst()
        .map(v -> validated(v, "ModelVersion " + modelVersion))
        .orElseGet(
            () ->
                ModelResolution.refused(
                    InferenceServiceReasons.MODEL_NOT_FOUND,
                    "ModelVersion " + modelVersion + " does not exist in this namespace",
                    false));
  }

  /**
   * The version holding the alias, by the ModelVersion reconciler's own rule ({@link
   * AliasArbitration}), so both agree on the holder; a version being deleted holds nothing.
   */
  private static ModelResolution byAlias(ModelRef ref, List<ModelVersion> versions) {
    if (LATEST.equals(ref.alias)) {
      return latestValidated(ref, versions);
    }
    Optional<ModelVersion> holder =
        AliasArbitration.holder(
            versions.stream().filter(v -> v.getMetadata().getDeletionTimestamp() == null).toList(),
            ref.modelName,
            ref.alias);
    String what = "alias " + ref.alias + " of model " + ref.modelName;
    return holder
        .map(v -> validated(v, "ModelVersion " + v.getMetadata().getName() + " (" + what + ")"))
        .orElseGet(
            () ->
                ModelResolution.refused(
                    InferenceServiceReasons.ALIAS_NOT_FOUND,
                    "no ModelVersion in this namespace carries the " + what,
                    false));
  }

  /**
   * MLflow's {@code models:/name/latest}, limited to versions that passed validation: a retrained
   * model reaches the canary once validated, with no alias to move by hand. The rollout's analysis
   * and rollback still guard it, and a rolled-back version is not tried again.
   */
  private static ModelResolution latestValidated(ModelRef ref, List<ModelVersion> versions) {
    return versions.stream()
        .filter(v -> Objects.equals(v.getSpec().modelName, ref.modelName))
        .filter(v -> v.getMetadata().getDeletionTimestamp() == null)
        .filter(ModelResolver::isValidated)
        .max(Comparator.comparing(ModelResolver::versionOrder))
        .map(
            v ->
                ModelResolution.resolved(
                    v,
                    "ModelVersion "
                        + v.getMetadata().getName()
                        + " (the latest validated version of model "
                        + ref.modelName
                        + ")"))
        .orElseGet(
            () ->
                ModelResolution.refused(
                    InferenceServiceReasons.MODEL_NOT_VALIDATED,
                    "model "
                        + ref.modelName
                        + " has no validated ModelVersion in this namespace yet",
                    false));
  }

  /** Numeric versions in number order (10 after 9), then any others by name. */
  private static String versionOrder(ModelVersion version) {
    String v = version.getSpec().version == null ? "" : version.getSpec().version;
    return v.matches("\\d{1,18}") ? "1" + "%018d".formatted(Long.parseLong(v)) : "0" + v;
  }

  private static ModelResolution validated(ModelVersion version, String what) {
    if (isValidated(version)) {
      return ModelResolution.resolved(version, what + " is validated");
    }
    ModelVersionPhase phase = version.getStatus() == null ? null : version.getStatus().phase;
    String detail =
        version.getStatus() == null
            ? "has no status yet"
            : Conditions.find(version.getStatus().conditions, VALIDATED)
                .map(c -> "is " + phase + ": " + c.getMessage())
                .orElse("is " + phase);
    return ModelResolution.refused(
        InferenceServiceReasons.MODEL_NOT_VALIDATED,
        what + " is not validated (" + detail + "); only validated versions are served",
        phase == ModelVersionPhase.Rejected);
  }

  /** Validated=True, or phase Ready where the reconciler reports no Validated condition. */
  public static boolean isValidated(ModelVersion version) {
    if (version.getStatus() == null) {
      return false;
    }
    return Conditions.find(version.getStatus().conditions, VALIDATED)
        .map(c -> Conditions.TRUE.equals(c.getStatus()))
        .orElse(version.getStatus().phase == ModelVersionPhase.Ready);
  }
}
