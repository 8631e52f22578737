package dev.gantry.inference.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.Storage;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model whose sha256 does not match fails validation with the reason in the report. */
@QuarkusMainTest
@TestProfile(ValidateModeFailureTest.Profile.class)
class ValidateModeFailureTest {

  static final Path REPORT = ValidateModeTest.tempFile("validate-failure");

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gantry.model.uri", TestModels.tabular().toString(),
          "gantry.model.sha256", "12".repeat(32),
          "gantry.validate.golden-uri", TestModels.tabularGolden().toString(),
          "gantry.validate.termination-message-path", REPORT.toString(),
          "gantry.work-dir", REPORT.getParent().resolve("work").toString());
    }
  }

  @Test
  @Launch(value = "validate", exitCode = 1)
  void aSha256MismatchFailsValidationWithTheReason(LaunchResult result) throws IOException {
    JsonNode report = Json.read(Files.readString(REPORT));
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("error").asText()).contains("sha256 mismatch");
    ReportFixture.matches(
        Files.readString(REPORT),
        TestModels.tabular().toString(),
        Storage.sha256(TestModels.tabular()),
        "validation-report-checksum-mismatch.json");
  }
}
