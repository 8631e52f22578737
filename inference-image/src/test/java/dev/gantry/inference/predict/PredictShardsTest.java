package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.contract.BatchPlan;
import dev.gantry.contract.BatchReport;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.Storage;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan and shards in-process, on the tabular LR of TestModels. */
class PredictShardsTest {

  static final int ROWS = 1_000_000;
  static final int SHARDS = 4;

  @TempDir static Path dir;
  static Path csv;

  @BeforeAll
  static void generate() throws Exception {
    csv = PredictFixtures.tabularCsv(dir.resolve("in/data.csv"), 17, ROWS);
  }

  private static JsonNode report(Path termination) throws Exception {
    return Json.read(Files.readString(termination));
  }

  @Test
  void planAndFourShardsScoreEveryRowOnceLikeTheModelInProcess() throws Exception {
    Path out = dir.resolve("out");
    Path msg = dir.resolve("termination-all");
    var settings = PredictFixtures.settings(List.of(csv), out).shards(SHARDS);
    assertThat(new Predict(settings.build(), msg).run("plan")).isZero();
    JsonNode plan = report(msg);
    assertThat(plan.get("ok").asBoolean()).isTrue();
    assertThat(plan.get("totalRows").asLong()).isEqualTo(ROWS);
    BatchPlan written =
        Json.MAPPER.readValue(out.resolve(BatchPlan.PLAN_FILE).toFile(), BatchPlan.class);
    assertThat(written.planId()).isEqualTo("plan-1");
    assertThat(written.shards()).hasSize(SHARDS);
    assertThat(written.modelSha256()).isEqualTo(Storage.sha256(TestModels.tabular()));

    for (int s = 0; s < SHARDS; s++) {
      assertThat(new Predict(settings.shard(s).build(), msg).run("shard")).isZero();
      JsonNode r = report(msg);
      assertThat(r.get("ok").asBoolean()).isTrue();
      assertThat(r.get("shard").asInt()).isEqualTo(s);
      assertThat(r.get("predicted").asLong()).isEqualTo(ROWS / SHARDS);
      assertThat(r.get("invalid").asLong()).isZero();
      assertThat(r.get("reused").asBoolean()).isFalse();
      assertThat(r.get("sha256").asText())
          .isEqualTo(Storage.sha256(out.resolve(ShardManifest.outputName(s))));
      assertThat(Files.size(out.resolve(ShardManifest.errorsName(s)))).isZero();
    }

    // The same rows through OrtModel, in one pass over the whole file.
    SessionFactory factory =
        new SessionFactory(
            new SessionFactory.Settings("all", 1, 1, List.of("CPU"), false, dir, false));
    try (OrtModel ort = factory.create(TestModels.tabular(), null);
        BufferedReader in = Files.newBufferedReader(csv)) {
      in.readLine();
      long expectedRow = 0;
      for (int s = 0; s < SHARDS; s++) {
        try (BufferedReader part =
            Files.newBufferedReader(out.resolve(ShardManifest.outputName(s)))) {
          assertThat(part.readLine()).isEqualTo("row_id,prediction,p_0,p_1,model_version");
          int batch = 8192;
          float[] x = new float[batch * 4];
          String[] lines = new String[batch];
          boolean more = true;
          while (more) {
            int n = 0;
            for (String l; n < batch && (l = part.readLine()) != null; n++) {
              lines[n] = l;
              String[] cells = in.readLine().split(",");
              for (int c = 0; c < 4; c++) {
                x[n * 4 + c] = Float.parseFloat(cells[1 + c]);
              }
            }
            more = n == batch;
            if (n == 0) {
              break;
            }
            float[] p =
                (float[])
                    ort.run(
                            List.of(
                                new Tensor(
                                    "input",
                                    Datatype.FP32,
                                    new long[] {n, 4},
                                    java.util.Arrays.copyOf(x, n * 4))),
                            Set.of())
                        .get(0)
                        .data();
            for (int r = 0; r < n; r++) {
              String[] cells = lines[r].split(",");
              assertThat(Long.parseLong(cells[0])).isEqualTo(expectedRow++);
              float p0 = Float.parseFloat(cells[2]);
              float p1 = Float.parseFloat(cells[3]);
              if (Math.abs(p0 - p[r * 2]) > 1e-6 || Math.abs(p1 - p[r * 2 + 1]) > 1e-6) {
                throw new AssertionError(
                    "row "
                        + (expectedRow - 1)
                        + ": "
                        + lines[r]
                        + " vs "
                        + p[r * 2]
                        + ","
                        + p[r * 2 + 1]);
              }
              assertThat(cells[1]).isEqualTo(p[r * 2 + 1] > p[r * 2] ? "1" : "0");
              assertThat(cells[4]).isEqualTo("1");
            }
          }
        }
      }
      assertThat(expectedRow).isEqualTo(ROWS);
      assertThat(in.readLine()).isNull();
    }

    // A rerun of a complete shard keeps it.
    long modified = Files.getLastModifiedTime(out.resolve(ShardManifest.outputName(2))).toMillis();
    assertThat(new Predict(settings.shard(2).build(), msg).run("shard")).isZero();
    assertThat(report(msg).get("reused").asBoolean()).isTrue();
    assertThat(Files.getLastModifiedTime(out.resolve(ShardManifest.outputName(2))).toMillis())
        .isEqualTo(modified);
  }

  @Test
  void invalidRowsAreCountedAndWrittenWithReasonsUnderSkipAndFailTheShardUnderFail()
      throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("in/bad.csv"),
            "txn,f0,f1,f2,f3,label\n"
                + "a,0.1,0.2,0.3,0.4,1\n"
                + "b,0.1,abc,0.3,0.4,1\n"
                + "c,0.1,0.2,0.3,1\n"
                + "d,0.1,0.2,NaN,0.4,1\n"
                + "e,0.1,0.2,0.3,100,1\n"
                + "f,-0.1,0.2,0.3,0.4,0\n");
    Path out = dir.resolve("bad-out");
    Path msg = dir.resolve("termination-bad");
    var settings = PredictFixtures.settings(List.of(bad), out).idColumn("txn");
    assertThat(new Predict(settings.build(), msg).run("plan")).isZero();
    assertThat(new Predict(settings.shard(0).build(), msg).run("shard")).isZero();
    JsonNode r = report(msg);
    assertThat(r.get("totalRows").asLong()).isEqualTo(6);
    assertThat(r.get("predicted").asLong()).isEqualTo(2);
    assertThat(r.get("invalid").asLong()).isEqualTo(4);
    List<String> part = Files.readAllLines(out.resolve("part-00000.csv"));
    assertThat(part).hasSize(3);
    assertThat(part.get(1)).startsWith("a,");
    assertThat(part.get(2)).startsWith("f,");
    List<JsonNode> errors =
        Files.readAllLines(out.resolve("part-00000.errors.jsonl")).stream()
            .map(Json::read)
            .toList();
    assertThat(errors)
        .extracting(e -> e.get("row_id").asText())
        .containsExactly("b", "c", "d", "e");
    assertThat(errors).extracting(e -> e.get("row").asLong()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(errors.get(0).get("reason").asText())
        .isEqualTo("column 'f1': 'abc' is not a number");
    assertThat(errors.get(1).get("reason").asText()).contains("5 cells, the header 6");
    assertThat(errors.get(2).get("reason").asText()).contains("column 'f2'").contains("NaN");
    assertThat(errors.get(3).get("reason").asText())
        .contains("column 'f3': value 100.0 is outside");
    JsonNode manifest = Json.read(Files.readString(out.resolve("part-00000.manifest.json")));
    assertThat(manifest.get("invalid").asLong()).isEqualTo(4);
    assertThat(manifest.at("/errors/sha256").asText())
        .isEqualTo(Storage.sha256(out.resolve("part-00000.errors.jsonl")));

    Path failOut = dir.resolve("bad-fail");
    var fail = PredictFixtures.settings(List.of(bad), failOut).idColumn("txn").fail();
    assertThat(new Predict(fail.build(), msg).run("plan")).isZero();
    assertThat(new Predict(fail.shard(0).build(), msg).run("shard"))
        .isEqualTo(BatchReport.EXIT_PERMANENT);
    JsonNode f = report(msg);
    assertThat(f.get("ok").asBoolean()).isFalse();
    assertThat(f.get("reason").asText()).isEqualTo("InvalidRows");
    assertThat(f.get("message").asText())
        .contains("row 1 (row_id b): column 'f1': 'abc' is not a number");
    try (var files = Files.list(failOut)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(BatchPlan.PLAN_FILE);
    }
  }

  @Test
  void aMissingInputFailsThePlanPermanently() throws Exception {
    Path msg = dir.resolve("termination-missing");
    var settings =
        PredictFixtures.settings(List.of(csv, dir.resolve("in/nope.csv")), dir.resolve("o1"));
    assertThat(new Predict(settings.build(), msg).run("plan"))
        .isEqualTo(BatchReport.EXIT_PERMANENT);
    JsonNode r = report(msg);
    assertThat(r.get("step").asText()).isEqualTo("plan");
    assertThat(r.get("reason").asText()).isEqualTo("InputNotFound");
    assertThat(r.get("message").asText()).contains("nope.csv");
  }

  @Test
  void anOutputUnderAReadOnlyDirectoryFailsThePlanPermanently() throws Exception {
    Path readOnly = Files.createDirectories(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (Files.isWritable(readOnly)) {
      // root ignores permissions; /proc is read-only even for root.
      readOnly = Path.of("/proc/self");
    }
    try {
      Path msg = dir.resolve("termination-ro");
      var settings = PredictFixtures.settings(List.of(csv), readOnly.resolve("out"));
      assertThat(new Predict(settings.build(), msg).run("plan"))
          .isEqualTo(BatchReport.EXIT_PERMANENT);
      assertThat(report(msg).get("reason").asText()).isEqualTo("OutputNotWritable");
    } finally {
      Files.setPosixFilePermissions(
          dir.resolve("ro"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aModelWithAnotherDigestFailsThePlanPermanently() throws Exception {
    Path msg = dir.resolve("termination-sha");
    var settings =
        PredictFixtures.settings(List.of(csv), dir.resolve("o2")).sha256("ab".repeat(32));
    assertThat(new Predict(settings.build(), msg).run("plan"))
        .isEqualTo(BatchReport.EXIT_PERMANENT);
    assertThat(report(msg).get("reason").asText()).isEqualTo("ModelNotLoadable");
  }
}
