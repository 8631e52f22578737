package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard pod killed midway (SIGKILL, a real separate JVM) leaves nothing visible; its rerun writes
 * the same files as a clean run; a third run keeps them.
 */
class ShardKillTest {

  @TempDir Path dir;

  private Process start(String step, Path msg, Path out, int batch, Path csv) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PredictProcessMain.class.getName(),
                step,
                msg.toString(),
                out.toString(),
                "0",
                Integer.toString(batch),
                TestModels.tabular().toString(),
                csv.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(step + "-" + System.nanoTime() + ".log").toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    return pb.start();
  }

  private int run(String step, Path msg, Path out, Path csv) throws Exception {
    Process p = start(step, msg, out, 4096, csv);
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return p.exitValue();
  }

  private static List<String> visible(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static long tempBytes(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(".part-00000.csv."))
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  @Test
  void aKilledShardLeavesNoPartAndItsRerunEqualsACleanRun() throws Exception {
    Path csv = PredictFixtures.tabularCsv(dir.resolve("data.csv"), 23, 1_500_000);
    Path clean = dir.resolve("clean");
    Path killed = dir.resolve("killed");
    Path msg = dir.resolve("termination");
    assertThat(run("plan", msg, clean, csv)).isZero();
    assertThat(run("shard", msg, clean, csv)).isZero();
    assertThat(run("plan", msg, killed, csv)).isZero();

    // Small batches make the run long enough to catch it with its temp file half written.
    Process p = start("shard", msg, killed, 16, csv);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (tempBytes(killed) < (4 << 20) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(p.isAlive()).as("the shard is still running when killed").isTrue();
    p.destroyForcibly(); // SIGKILL
    p.waitFor();
    assertThat(tempBytes(killed)).isPositive();
    assertThat(visible(killed)).containsExactly("_plan.json");

    assertThat(run("shard", msg, killed, csv)).isZero();
    JsonNode second = Json.read(Files.readString(msg));
    assertThat(second.get("reused").asBoolean()).isFalse();
    assertThat(tempBytes(killed)).isZero();
    assertThat(visible(killed))
        .containsExactly(
            "_plan.json", "part-00000.csv", "part-00000.errors.jsonl", "part-00000.manifest.json");
    Path part = killed.resolve("part-00000.csv");
    assertThat(Storage.sha256(part)).isEqualTo(Storage.sha256(clean.resolve("part-00000.csv")));
    assertThat(second.get("sha256").asText()).isEqualTo(Storage.sha256(part));
    assertThat(second.get("predicted").asLong()).isEqualTo(1_500_000);

    long modified = Files.getLastModifiedTime(part).toMillis();
    assertThat(run("shard", msg, killed, csv)).isZero();
    JsonNode third = Json.read(Files.readString(msg));
    assertThat(third.get("reused").asBoolean()).isTrue();
    assertThat(third.get("sha256").asText()).isEqualTo(second.get("sha256").asText());
    assertThat(Files.getLastModifiedTime(part).toMillis()).isEqualTo(modified);
  }
}
