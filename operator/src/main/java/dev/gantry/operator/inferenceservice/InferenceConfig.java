package dev.gantry.operator.inferenceservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How serving pods are built (GANTRY_INFERENCE_*). */
@ConfigMapping(prefix = "gantry.inference")
public interface InferenceConfig {

  /** The inference image; an InferenceService's spec.runtime.image wins over it. */
  @WithDefault("gantry/inference:0.1.0")
  String image();
}
