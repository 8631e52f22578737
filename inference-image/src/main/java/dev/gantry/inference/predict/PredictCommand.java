package dev.gantry.inference.predict;

import dev.gantry.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The image's {@code predict plan|shard} mode, configured from {@code gantry.*} (env GANTRY_*). */
@ApplicationScoped
public class PredictCommand {

  private final InferenceConfig config;

  public PredictCommand(InferenceConfig config) {
    this.config = config;
  }

  /**
   * @param args the image's arguments: {@code predict plan} or {@code predict shard}
   */
  public int run(String... args) {
    String step = args.length > 1 ? args[1] : null;
    return new Predict(
            PredictSettings.of(config, System.getenv()), config.predict().terminationMessagePath())
        .run(step);
  }
}
