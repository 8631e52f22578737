package dev.gantry.operator.modelversion;

import dev.gantry.operator.config.GantryConfig;
import java.util.List;
import java.util.Optional;

/**
 * What the operator's configuration says about validation Jobs.
 *
 * @param image the inference image, run with {@code args: [validate]}
 * @param activeDeadlineSeconds how long a validation Job may run
 * @param copiedAnnotationPrefixes ModelVersion annotation prefixes copied onto the validation pod
 * @param envSecret a Secret (in the ModelVersion's namespace) whose keys become the pod's env
 * @param serviceAccount the pods' ServiceAccount; empty: the namespace's default
 * @param placement the pods' node selector, tolerations and affinity
 */
public record ValidationSettings(
    String image,
    long activeDeadlineSeconds,
    List<String> copiedAnnotationPrefixes,
    Optional<String> envSecret,
    Optional<String> serviceAccount,
    ValidationPlacement placement) {

  public static ValidationSettings of(GantryConfig config) {
    return new ValidationSettings(
        config.inference().image(),
        config.validation().activeDeadlineSeconds(),
        config.validation().copiedAnnotationPrefixes().orElse(List.of()),
        config.validation().envSecret(),
        config.validation().serviceAccount(),
        ValidationPlacement.parse(config.validation().placement().orElse(null)));
  }
}
