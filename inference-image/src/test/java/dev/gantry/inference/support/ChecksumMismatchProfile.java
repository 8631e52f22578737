package dev.gantry.inference.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The tabular model with a wrong expected sha256. */
public class ChecksumMismatchProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "gantry.model.uri", TestModels.tabular().toString(),
        "gantry.model.name", "fraud",
        "gantry.model.sha256", "ab".repeat(32),
        "gantry.work-dir", TabularProfile.workDir("mismatch"));
  }
}
