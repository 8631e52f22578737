package dev.gantry.inference.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Serves the Tribuo tabular classifier as model "fraud" version 7, batching on, mode Reject. */
public class TabularProfile implements QuarkusTestProfile {

  public static final String MODEL = "fraud";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>();
    config.put("gantry.model.uri", TestModels.tabular().toUri().toString());
    config.put("gantry.model.name", MODEL);
    config.put("gantry.model.version", "7");
    config.put("gantry.work-dir", workDir("tabular"));
    config.put("gantry.batching.enabled", "true");
    config.put("gantry.batching.max-batch-size", "16");
    config.put("gantry.batching.max-delay", "20ms");
    config.put("gantry.validation.mode", "Reject");
    config.put("gantry.validation.range-margin", "0.5");
    config.put("gantry.limits.max-request-bytes", "64K");
    return config;
  }

  static String workDir(String name) {
    try {
      return Files.createTempDirectory("gantry-work-" + name).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
