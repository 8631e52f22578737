package dev.gantry.inference.config;

import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Serve (default), validate or predict: {@code gantry.mode=validate|predict} or the image's first
 * argument "validate" / "predict".
 */
@ApplicationScoped
public class RunMode {

  private final String mode;

  public RunMode(InferenceConfig config, @CommandLineArguments String[] args) {
    String arg = args.length > 0 ? args[0] : "";
    this.mode =
        "validate".equals(arg) || "predict".equals(arg)
            ? arg
            : "validate".equals(config.mode()) || "predict".equals(config.mode())
                ? config.mode()
                : "serve";
  }

  public boolean isValidate() {
    return "validate".equals(mode);
  }

  public boolean isPredict() {
    return "predict".equals(mode);
  }

  public boolean isServe() {
    return "serve".equals(mode);
  }
}
