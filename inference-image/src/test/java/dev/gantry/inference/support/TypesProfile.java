package dev.gantry.inference.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Serves the all-datatypes model as "types", NaN/Inf allowed, batching on. */
public class TypesProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "gantry.model.uri",
        TestModels.types().toString(),
        "gantry.model.name",
        "types",
        "gantry.work-dir",
        TabularProfile.workDir("types"),
        "gantry.validation.non-finite",
        "Allow");
  }
}
