package dev.gantry.inference;

import dev.gantry.inference.config.RunMode;
import dev.gantry.inference.predict.PredictCommand;
import dev.gantry.inference.validate.ValidateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * Entry point. No argument: serve. {@code validate}: run the validate command and exit with its
 * result. {@code predict plan|shard}: run a BatchPrediction step and exit with its result (see
 * docs/inference-server.md).
 */
@QuarkusMain
public class GantryInferenceMain implements QuarkusApplication {

  @Inject RunMode runMode;
  @Inject ValidateCommand validateCommand;
  @Inject PredictCommand predictCommand;

  public static void main(String... args) {
    if (args.length > 0 && ("validate".equals(args[0]) || "predict".equals(args[0]))) {
      // A validate or predict Job needs no HTTP listener.
      System.setProperty("quarkus.http.host-enabled", "false");
    }
    Quarkus.run(GantryInferenceMain.class, args);
  }

  @Override
  public int run(String... args) {
    if (runMode.isValidate()) {
      return validateCommand.run();
    }
    if (runMode.isPredict()) {
      return predictCommand.run(args);
    }
    Quarkus.waitForExit();
    return 0;
  }
}
