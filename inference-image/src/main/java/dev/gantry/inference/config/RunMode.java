package dev.gantry.inference.config;

import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;

/** Serve (default) or validate: {@code gantry.mode=validate} or the image argument "validate". */
@ApplicationScoped
public class RunMode {

  private final boolean validate;

  public RunMode(InferenceConfig config, @CommandLineArguments String[] args) {
    this.validate =
        "validate".equals(config.mode()) || (args.length > 0 && "validate".equals(args[0]));
  }

  public boolean isValidate() {
    return validate;
  }

  public boolean isServe() {
    return !validate;
  }
}
