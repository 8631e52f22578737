package dev.gantry.inference;

import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.validate.ValidateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * Entry point. No argument: serve. {@code validate}: run the validate command and exit with its
 * result (see docs/inference-server.md).
 */
@QuarkusMain
public class GantryInferenceMain implements QuarkusApplication {

  @Inject InferenceConfig config;
  @Inject ValidateCommand validateCommand;

  public static void main(String... args) {
    if (args.length > 0 && "validate".equals(args[0])) {
      // Before start-up, so the model loader and the gRPC server stay idle.
      System.setProperty("gantry.mode", "validate");
      System.setProperty("quarkus.http.host-enabled", "false");
    }
    Quarkus.run(GantryInferenceMain.class, args);
  }

  @Override
  public int run(String... args) {
    if ("validate".equals(config.mode()) || (args.length > 0 && "validate".equals(args[0]))) {
      return validateCommand.run();
    }
    Quarkus.waitForExit();
    return 0;
  }
}
