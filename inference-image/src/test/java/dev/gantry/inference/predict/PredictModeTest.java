package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TestModels;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image's {@code predict plan} and {@code predict shard} arguments, configured by gantry.*. */
@QuarkusMainTest
@TestProfile(PredictModeTest.Profile.class)
class PredictModeTest {

  static final Path DIR = tempDir();
  static final Path REPORT = DIR.resolve("termination-log");

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path csv = PredictFixtures.tabularCsv(DIR.resolve("in/data.csv"), 5, 1000);
        return Map.ofEntries(
            Map.entry("gantry.model.uri", TestModels.tabular().toString()),
            Map.entry("gantry.model.version", "7"),
            Map.entry("gantry.predict.inputs", csv.toUri() + "," + csv.toUri()),
            Map.entry("gantry.predict.output-uri", DIR.resolve("out").toUri().toString()),
            Map.entry("gantry.predict.shards", "3"),
            Map.entry("gantry.predict.plan-id", "p-42"),
            Map.entry("gantry.predict.shard-index", "1"),
            Map.entry("gantry.predict.id-column", "txn"),
            Map.entry("gantry.predict.class-labels", "legit,fraud"),
            Map.entry("gantry.predict.termination-message-path", REPORT.toString()),
            Map.entry("gantry.work-dir", DIR.resolve("work").toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void planThenShardThroughTheImagesArguments(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult plan = launcher.launch("predict", "plan");
    assertThat(plan.exitCode()).isZero();
    JsonNode p = Json.read(Files.readString(REPORT));
    assertThat(p.get("step").asText()).isEqualTo("plan");
    assertThat(p.get("totalRows").asLong()).isEqualTo(2000);

    LaunchResult shard = launcher.launch("predict", "shard");
    assertThat(shard.exitCode()).isZero();
    JsonNode s = Json.read(Files.readString(REPORT));
    assertThat(s.get("shard").asInt()).isEqualTo(1);
    // Shard 1 of 3 over 2 x 1000 rows: global rows [666, 1333), i.e. t666..t999 then t0..t332.
    assertThat(s.get("predicted").asLong()).isEqualTo(667);
    List<String> part = Files.readAllLines(DIR.resolve("out/part-00001.csv"));
    assertThat(part.get(0)).isEqualTo("row_id,prediction,p_legit,p_fraud,model_version");
    assertThat(part.get(1)).startsWith("t666,").endsWith(",7");
    assertThat(part.get(part.size() - 1)).startsWith("t332,");
    assertThat(part.get(1).split(",")[1]).isIn("legit", "fraud");
    JsonNode manifest = Json.read(Files.readString(DIR.resolve("out/part-00001.manifest.json")));
    assertThat(manifest.get("planId").asText()).isEqualTo("p-42");
    assertThat(manifest.get("modelVersion").asText()).isEqualTo("7");

    assertThat(launcher.launch("predict", "nonsense").exitCode()).isEqualTo(3);
    assertThat(Json.read(Files.readString(REPORT)).get("reason").asText())
        .isEqualTo("InvalidConfiguration");
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("gantry-predict-mode");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
