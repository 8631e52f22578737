package dev.gantry.inference.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Serves the two-input model as "pair", batching off, no baseline. */
public class PairProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "gantry.model.uri",
        TestModels.pair().toString(),
        "gantry.model.name",
        "pair",
        "gantry.work-dir",
        TabularProfile.workDir("pair"),
        "gantry.batching.enabled",
        "false");
  }
}
