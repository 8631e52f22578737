package dev.gantry.operator.batchprediction;

import dev.gantry.operator.config.GantryConfig;
import java.util.Optional;

/**
 * What the operator's configuration says about batch pods: the same inference image, storage
 * credentials and ServiceAccount as validation pods, since both read models and datasets.
 *
 * @param image the inference image, run with {@code args: [predict, plan|shard]}
 * @param envSecret a Secret (in the BatchPrediction's namespace) whose keys become the pods' env
 * @param serviceAccount the pods' ServiceAccount when the spec names none
 */
public record BatchSettings(
    String image, Optional<String> envSecret, Optional<String> serviceAccount) {

  public static BatchSettings of(GantryConfig config) {
    return new BatchSettings(
        config.inference().image(),
        config.validation().envSecret(),
        config.validation().serviceAccount());
  }
}
