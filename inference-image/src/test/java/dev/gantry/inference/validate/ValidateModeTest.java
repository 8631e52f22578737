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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image's validate mode: verify, load, score the golden set, report, exit 0. */
@QuarkusMainTest
@TestProfile(ValidateModeTest.Profile.class)
class ValidateModeTest {

  static final Path REPORT = tempFile("validate-report");

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        return Map.of(
            "gantry.model.uri", TestModels.tabular().toString(),
            "gantry.model.sha256", Storage.sha256(TestModels.tabular()),
            "gantry.validate.golden-uri", TestModels.tabularGolden().toUri().toString(),
            "gantry.validate.min-accuracy", "0.8",
            "gantry.validate.gates", "auc>=0.85",
            "gantry.validate.termination-message-path", REPORT.toString(),
            "gantry.work-dir", REPORT.getParent().resolve("work").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  @Launch("validate")
  void validateScoresTheGoldenSetAndReportsToTheTerminationMessage(LaunchResult result)
      throws IOException {
    assertThat(result.exitCode()).isZero();
    JsonNode report = Json.read(Files.readString(REPORT));
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("sha256").asText()).isEqualTo(Storage.sha256(TestModels.tabular()));
    assertThat(report.at("/metrics/rows").asInt()).isEqualTo(300);
    assertThat(report.at("/metrics/accuracy").asDouble()).isGreaterThan(0.8);
    assertThat(report.at("/metrics/auc").asDouble()).isGreaterThan(0.85);
    assertThat(report.get("failedGates")).isEmpty();
    assertThat(result.getOutput()).contains("\"passed\":true");
    ReportFixture.matches(
        Files.readString(REPORT),
        TestModels.tabular().toString(),
        Storage.sha256(TestModels.tabular()),
        "validation-report-passed.json");
  }

  static Path tempFile(String name) {
    try {
      return Files.createTempDirectory("gantry-" + name).resolve("termination-log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
