package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.contract.TrainingResult;
import dev.gantry.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final FraudDataGenerator SEPARABLE =
      FraudDataGenerator.builder().seed(11).separation(3).build();

  @TempDir Path dir;

  private TrainingRun.Outcome trainInProcess(TrainingFixture f) throws Exception {
    return new TrainingRun(
            f.config(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"logistic", "fm"})
  void onnxPredictionsMatchInMemoryPredictions(String model) throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 5000);
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"model\":\"" + model + "\",\"epochs\":\"5\"}");

    TrainingRun.Outcome outcome = trainInProcess(f);

    TrainedModel trained = outcome.trained();
    int[] rows = TrainingRun.parityRows(trained);
    double[] inMemory = trained.positiveProbabilities(rows);
    double[] onnx;
    try (OnnxScorer scorer =
        new OnnxScorer(f.output.resolve("model.onnx"), trained.positiveOutputColumn())) {
      onnx = scorer.positiveProbabilities(trained.data(), rows);
    }
    double maxDiff = 0;
    for (int i = 0; i < rows.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(inMemory[i] - onnx[i]));
    }
    System.out.printf("%s parity over %d rows: max |diff| = %.3g%n", model, rows.length, maxDiff);
    assertThat(rows).hasSize(1000);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
    assertThat(outcome.parityMaxAbsDiff()).isEqualTo(maxDiff);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"logistic", "fm"})
  void heldOutAucExceedsNinetyPercentOnTheSeparableGenerator(String model) throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 5000);
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"model\":\"" + model + "\",\"epochs\":\"5\"}");

    assertThat(f.train()).as(f.stderr).isZero();

    TrainingResult result = JSON.readValue(f.terminationMessage(), TrainingResult.class);
    System.out.printf("%s held-out metrics: %s%n", model, result.metrics());
    assertThat(result.metrics().get("auc")).isGreaterThan(0.9);
    assertThat(result.metrics().get("accuracy")).isGreaterThan(0.85);
    assertThat(result.metrics().get("logLoss")).isBetween(0.0, 0.4);
    assertThat(result.metrics().get("f1")).isBetween(0.3, 1.0);
  }

  @Test
  void successWritesAllArtifactsAndTheResultOnTheTerminationMessage() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 2000);

    assertThat(f.train()).as(f.stderr).isZero();

    assertThat(Files.list(f.output).map(p -> p.getFileName().toString()).sorted().toList())
        .containsExactly("baseline.json", "metrics.json", "model.onnx", "provenance.json");
    String message = f.terminationMessage();
    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES);
    TrainingResult result = JSON.readValue(message, TrainingResult.class);
    assertThat(result.artifactUri()).isEqualTo(f.output.resolve("model.onnx").toUri().toString());
    assertThat(result.sha256()).isEqualTo(Storage.sha256(f.output.resolve("model.onnx")));
    assertThat(result.baselineUri())
        .isEqualTo(f.output.resolve("baseline.json").toUri().toString());
    assertThat(result.modelFormat()).isEqualTo("onnx");
    assertThat(result.metrics()).containsKeys("accuracy", "auc", "logLoss", "loss", "f1");

    JsonNode metrics = JSON.readTree(f.output.resolve("metrics.json").toFile());
    assertThat(metrics.get("metrics").get("auc").asDouble()).isEqualTo(result.metrics().get("auc"));
    JsonNode provenance = JSON.readTree(f.output.resolve("provenance.json").toFile());
    assertThat(provenance.at("/dataset/sha256").asText())
        .isEqualTo(Storage.sha256(dir.resolve("data.csv")));
    assertThat(provenance.at("/label/column").asText()).isEqualTo("is_fraud");
    assertThat(provenance.at("/hyperparameters/seed").asLong()).isEqualTo(42);
    assertThat(provenance.at("/tribuoProvenance").isMissingNode()).isFalse();
  }

  @Test
  void modelHasOneInputPerFeatureNamedAfterItWithADynamicBatchDimension() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 1000);
    TrainingRun.Outcome outcome = trainInProcess(f);

    try (OnnxScorer scorer = new OnnxScorer(f.output.resolve("model.onnx"), 1)) {
      Map<String, NodeInfo> inputs = scorer.session().getInputInfo();
      assertThat(inputs.keySet())
          .containsExactlyInAnyOrderElementsOf(
              FraudDataGenerator.COLUMNS.subList(0, FraudDataGenerator.COLUMNS.size() - 1));
      for (String numeric : FraudDataGenerator.NUMERIC_FEATURES) {
        TensorInfo info = (TensorInfo) inputs.get(numeric).getInfo();
        assertThat(info.type).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(info.getShape()).containsExactly(-1, 1);
      }
      for (String categorical : FraudDataGenerator.CATEGORICAL_FEATURES) {
        TensorInfo info = (TensorInfo) inputs.get(categorical).getInfo();
        assertThat(info.type).isEqualTo(OnnxJavaType.STRING);
        assertThat(info.getShape()).containsExactly(-1, 1);
      }
      TensorInfo output = (TensorInfo) scorer.session().getOutputInfo().get("output").getInfo();
      assertThat(output.getShape()).containsExactly(-1, 2);
      Map<String, String> meta = scorer.session().getMetadata().getCustomMetadata();
      assertThat(JSON.readValue(meta.get(OnnxModelBuilder.META_FEATURE_NAMES), List.class))
          .isEqualTo(FraudDataGenerator.COLUMNS.subList(0, FraudDataGenerator.COLUMNS.size() - 1));
      List<?> labels = JSON.readValue(meta.get(OnnxModelBuilder.META_OUTPUT_LABELS), List.class);
      assertThat(labels.get(outcome.trained().positiveOutputColumn())).isEqualTo("1");
      assertThat(meta)
          .containsEntry(OnnxModelBuilder.META_MODEL_NAME, "fraud")
          .doesNotContainKey("TRIBUO_PROVENANCE");
    }
  }

  @Test
  void unseenAndMissingCategoriesScoreLikeTheInMemoryModel() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 1000);
    TrainingRun.Outcome outcome = trainInProcess(f);
    TrainedModel trained = outcome.trained();
    // Rows whose category the model never saw, or that have none, set no indicator in either path.
    String csv =
        String.join(",", FraudDataGenerator.COLUMNS)
            + "\n120.5,3,10.0,4,300,crypto,no,1\n120.5,3,10.0,4,300,,,0\n";
    CsvTable table = CsvTable.read(new java.io.StringReader(csv));
    TypedDataset odd = TypedDataset.of(table, trained.data().schema());
    FeatureEncoder encoder = trained.encoder();
    int[] rows = {0, 1};
    double[] onnx;
    try (OnnxScorer scorer =
        new OnnxScorer(f.output.resolve("model.onnx"), trained.positiveOutputColumn())) {
      onnx = scorer.positiveProbabilities(odd, rows);
    }
    FeatureEncoder oddEncoder = encoder.withData(odd);
    for (int r : rows) {
      double inMemory =
          trained.model().predict(oddEncoder.encode(r)).getOutputScores().get("1").getScore();
      assertThat(onnx[r]).isCloseTo(inMemory, within(1e-5));
    }
  }

  @Test
  void sameSeedGivesAByteIdenticalModelAndEqualMetrics() throws Exception {
    TrainingFixture a = new TrainingFixture(Files.createDirectory(dir.resolve("a")));
    TrainingFixture b = new TrainingFixture(Files.createDirectory(dir.resolve("b")));
    for (TrainingFixture f : List.of(a, b)) {
      f.generated(SEPARABLE, 1500);
      f.with(TrainingEnv.HYPERPARAMETERS, "{\"model\":\"fm\",\"epochs\":\"3\",\"seed\":\"7\"}");
      assertThat(f.train()).as(f.stderr).isZero();
    }

    assertThat(Storage.sha256(a.output.resolve("model.onnx")))
        .isEqualTo(Storage.sha256(b.output.resolve("model.onnx")));
    assertThat(a.terminationMessage().replace(a.output.toUri().toString(), ""))
        .isEqualTo(b.terminationMessage().replace(b.output.toUri().toString(), ""));
  }

  @Test
  void progressLinesReportEveryEpochWithItsLoss() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 1000);
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"epochs\":4,\"minibatchSize\":16}");

    assertThat(f.train()).as(f.stderr).isZero();

    List<String> progress = f.stdout.lines().filter(l -> l.startsWith("epoch=")).toList();
    assertThat(progress).hasSize(4);
    for (int e = 1; e <= 4; e++) {
      assertThat(progress.get(e - 1)).matches("epoch=" + e + "/4 loss=\\d+\\.\\d{6}");
    }
    double first = Double.parseDouble(progress.get(0).replaceAll(".*loss=", ""));
    double last = Double.parseDouble(progress.get(3).replaceAll(".*loss=", ""));
    assertThat(last).isLessThan(first);
    assertThat(f.stdout).contains("feature 'merchant_category': categorical, inferred (6 values)");
  }

  @Test
  void onlyRankZeroWritesOutputs() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 1000);
    f.with("RANK", "1").with("WORLD_SIZE", "2");

    assertThat(f.train()).as(f.stderr).isZero();

    assertThat(f.output).doesNotExist();
    assertThat(f.terminationLog).doesNotExist();
    assertThat(f.stdout).contains("only rank 0 writes outputs");
  }

  @Test
  void pvcOutputUriWritesUnderTheMountRoot() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(SEPARABLE, 1000);
    f.with("GANTRY_PVC_MOUNT_ROOT", dir.resolve("pvc").toString())
        .with("GANTRY_OUTPUT_URI", "pvc://models/fraud/run-1");

    assertThat(f.train()).as(f.stderr).isZero();

    TrainingResult result = JSON.readValue(f.terminationMessage(), TrainingResult.class);
    assertThat(result.artifactUri()).isEqualTo("pvc://models/fraud/run-1/model.onnx");
    assertThat(result.baselineUri()).isEqualTo("pvc://models/fraud/run-1/baseline.json");
    assertThat(dir.resolve("pvc/models/fraud/run-1/model.onnx")).exists();
    assertThat(Arrays.asList(dir.resolve("work").toFile().list())).isEmpty();
  }

  @Test
  void datasetOverHttpIsDownloadedAndItsSha256Verified() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    byte[] csv = Files.readAllBytes(f.generated(SEPARABLE, 1000));
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/fraud.csv",
        e -> {
          e.sendResponseHeaders(200, csv.length);
          try (var body = e.getResponseBody()) {
            body.write(csv);
          }
        });
    server.start();
    try {
      f.with(
              TrainingEnv.DATASET_URI,
              "http://127.0.0.1:" + server.getAddress().getPort() + "/fraud.csv")
          .with(TrainingEnv.DATASET_SHA256, Storage.sha256(dir.resolve("data.csv")));

      assertThat(f.train()).as(f.stderr).isZero();

      assertThat(f.stdout).contains("dataset: " + csv.length + " bytes");
      assertThat(f.output.resolve("model.onnx")).exists();
    } finally {
      server.stop(0);
    }
  }
}
