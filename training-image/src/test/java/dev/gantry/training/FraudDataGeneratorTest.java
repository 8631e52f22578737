package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FraudDataGeneratorTest {
  @TempDir Path dir;

  private static String csv(FraudDataGenerator g, int rows) throws IOException {
    StringWriter w = new StringWriter();
    g.writeCsv(w, rows);
    return w.toString();
  }

  private static double[] column(List<FraudDataGenerator.Row> rows, String name) {
    int c = FraudDataGenerator.COLUMNS.indexOf(name);
    return rows.stream().mapToDouble(r -> Double.parseDouble(r.values().get(c))).toArray();
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElseThrow();
  }

  @Test
  void sameSettingsGiveIdenticalCsvAndOtherSeedsDiffer() throws IOException {
    String a = csv(FraudDataGenerator.builder().seed(5).build(), 500);
    String b = csv(FraudDataGenerator.builder().seed(5).build(), 500);
    String c = csv(FraudDataGenerator.builder().seed(6).build(), 500);

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.lines().findFirst()).contains(String.join(",", FraudDataGenerator.COLUMNS));
    assertThat(a.lines().count()).isEqualTo(501);
  }

  @Test
  void fraudRateIsCalibratedToTheRequestedShare() {
    List<FraudDataGenerator.Row> rows =
        FraudDataGenerator.builder().seed(1).fraudRate(0.05).build().generate(20_000);

    assertThat(mean(column(rows, "is_fraud"))).isCloseTo(0.05, within(0.01));
  }

  @Test
  void shiftMovesTheFeaturesLogMeanBySigmasAndLeavesOthersAlone() {
    List<FraudDataGenerator.Row> base =
        FraudDataGenerator.builder().seed(2).build().generate(20_000);
    List<FraudDataGenerator.Row> shifted =
        FraudDataGenerator.builder().seed(2).shift("amount", 2.0).build().generate(20_000);

    double[] logBase = java.util.Arrays.stream(column(base, "amount")).map(Math::log).toArray();
    double[] logShifted =
        java.util.Arrays.stream(column(shifted, "amount")).map(Math::log).toArray();
    // amount = exp(3.5 + 1.0 z): a 2-sigma latent shift adds 2.0 to the log mean.
    assertThat(mean(logShifted) - mean(logBase)).isCloseTo(2.0, within(0.01));
    assertThat(mean(column(shifted, "hour"))).isEqualTo(mean(column(base, "hour")));
    // Covariate shift: larger amounts carry more fraud under the unchanged rule.
    assertThat(mean(column(shifted, "is_fraud")))
        .isGreaterThan(mean(column(base, "is_fraud")) + 0.05);
  }

  @Test
  void shiftingAFeatureChangesThatColumnAndNoOtherNumericColumn() {
    List<FraudDataGenerator.Row> base =
        FraudDataGenerator.builder().seed(3).build().generate(2_000);
    for (String feature : FraudDataGenerator.NUMERIC_FEATURES) {
      List<FraudDataGenerator.Row> shifted =
          FraudDataGenerator.builder().seed(3).shift(feature, 0.5).build().generate(2_000);
      for (String other : FraudDataGenerator.NUMERIC_FEATURES) {
        if (other.equals(feature)) {
          assertThat(mean(column(shifted, other)))
              .as("mean of shifted %s", other)
              .isNotEqualTo(mean(column(base, other)));
        } else {
          assertThat(column(shifted, other))
              .as("%s when %s is shifted", other, feature)
              .containsExactly(column(base, other));
        }
      }
    }
  }

  @Test
  void shiftingAnUnknownOrCategoricalFeatureIsRejected() {
    assertThatThrownBy(() -> FraudDataGenerator.builder().shift("merchant_category", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shiftable features are [amount,");
  }

  @Test
  void generateCommandWritesTheSameDataAsTheJavaApi() throws IOException {
    Path out = dir.resolve("drifted.csv");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "generate",
              "--rows",
              "300",
              "--seed",
              "9",
              "--separation",
              "2",
              "--shift",
              "amount=1.5",
              "--output",
              out.toString()
            },
            Map.of(),
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            System.err);

    assertThat(code).isZero();
    assertThat(Files.readString(out))
        .isEqualTo(
            csv(
                FraudDataGenerator.builder().seed(9).separation(2).shift("amount", 1.5).build(),
                300));
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("wrote 300 rows to " + out);
  }

  @Test
  void generateCommandWritesToAStorageUri() throws IOException {
    int code =
        Main.run(
            new String[] {"generate", "--rows", "10", "--output", "pvc://data/fraud/train.csv"},
            Map.of("GANTRY_PVC_MOUNT_ROOT", dir.toString()),
            System.out,
            System.err);

    assertThat(code).isZero();
    assertThat(dir.resolve("data/fraud/train.csv")).exists();
  }

  @Test
  void generateCommandRejectsBadOptionsWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"generate", "--rows", "10", "--shift", "nope=1", "--output", "x.csv"},
            Map.of(),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(dev.gantry.contract.TrainingFailure.EXIT_BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot shift 'nope'")
        .contains("usage:");
  }
}
