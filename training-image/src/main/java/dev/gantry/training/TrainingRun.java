package dev.gantry.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import dev.gantry.contract.TrainingResult;
import dev.gantry.storage.ArtifactNotFoundException;
import dev.gantry.storage.ChecksumMismatchException;
import dev.gantry.storage.Download;
import dev.gantry.storage.Storage;
import dev.gantry.storage.StorageUri;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One training run per the training contract: download and verify the dataset, train, evaluate,
 * export, check the export against the in-memory model, and (rank 0 only) publish model.onnx,
 * metrics.json, baseline.json and provenance.json to the output URI.
 *
 * <p>Outputs are staged in a scratch directory and uploaded only after everything succeeded, with
 * model.onnx last: a failed run leaves no model behind, and a present model.onnx means the other
 * files are there too.
 */
public final class TrainingRun {
  public static final String MODEL_FILE = "model.onnx";
  public static final String METRICS_FILE = "metrics.json";
  public static final String BASELINE_FILE = "baseline.json";
  public static final String PROVENANCE_FILE = "provenance.json";

  /**
   * The export is refused when an ONNX probability differs from Tribuo's by more than this. Float32
   * inference typically stays below 1e-5 (measured: LR ~2e-7, FM ~3e-6); above 1e-4 the graph is
   * wrong, not merely rounded.
   */
  public static final double PARITY_TOLERANCE = 1e-4;

  static final int PARITY_ROWS = 1000;
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TrainingConfig config;
  private final PrintStream out;

  /**
   * The outcome of a run.
   *
   * @param result the termination-message result; null on ranks other than 0
   * @param trained the trained model with its data
   * @param parityMaxAbsDiff max |ONNX - in-memory| positive-class probability over the parity rows
   */
  public record Outcome(TrainingResult result, TrainedModel trained, double parityMaxAbsDiff) {}

  public TrainingRun(TrainingConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  public Outcome run() throws Exception {
    Instant started = Instant.now();
    StorageUri output = config.rank() == 0 ? outputUri() : null;
    Path scratch =
        Files.createTempDirectory(Files.createDirectories(config.workDir()), "gantry-train-");
    try (Storage storage = new Storage(config.storage())) {
      log(
          "model %s, dataset %s, rank %d of %d",
          config.modelName(), config.datasetUri(), config.rank(), config.worldSize());
      Download dataset = download(storage, scratch.resolve("dataset.csv"));
      log("dataset: %d bytes, sha256 %s", dataset.bytes(), dataset.sha256());

      CsvTable table = CsvTable.read(dataset.path());
      Hyperparameters h = config.hyperparameters();
      if (!h.unknownKeys().isEmpty()) {
        log("hyperparameters not used by this trainer: %s", h.unknownKeys());
      }
      DatasetSchema schema = SchemaResolver.resolve(table, h);
      TypedDataset data = TypedDataset.of(table, schema);
      logSchema(data);

      TrainedModel trained = ModelTrainer.train(data, h, out);
      ClassificationMetrics metrics = trained.evaluate();
      log(
          "held-out: accuracy=%.4f auc=%.4f logLoss=%.4f f1=%.4f",
          metrics.accuracy(), metrics.auc(), metrics.logLoss(), metrics.f1());
      BaselineStatistics baseline = BaselineCalculator.compute(data, h.baselineBins());

      Path staged = Files.createDirectory(scratch.resolve("out"));
      Path modelFile = staged.resolve(MODEL_FILE);
      ModelProto onnx =
          OnnxModelBuilder.build(trained.model(), trained.encoder(), schema, config.modelName());
      Files.write(modelFile, onnx.toByteArray());
      double parity = checkParity(trained, modelFile);

      if (config.rank() != 0) {
        log("rank %d: training done; only rank 0 writes outputs", config.rank());
        return new Outcome(null, trained, parity);
      }
      JSON.writeValue(staged.resolve(METRICS_FILE).toFile(), metricsJson(metrics, trained, parity));
      JSON.writeValue(staged.resolve(BASELINE_FILE).toFile(), baseline);
      JSON.writeValue(
          staged.resolve(PROVENANCE_FILE).toFile(), provenance(dataset, trained, started, parity));
      TrainingResult result = publish(storage, staged, output, metrics);
      log("wrote %s (sha256 %s)", result.artifactUri(), result.sha256());
      return new Outcome(result, trained, parity);
    } finally {
      deleteRecursively(scratch);
    }
  }

  private StorageUri outputUri() {
    StorageUri uri;
    try {
      uri = StorageUri.parse(config.outputUri());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(TrainingConfig.REASON, "GANTRY_OUTPUT_URI: " + e.getMessage());
    }
    if (!uri.isWritable()) {
      throw new BadInputException(
          TrainingConfig.REASON,
          "GANTRY_OUTPUT_URI '" + uri + "' is read-only (http); use file://, pvc:// or s3://");
    }
    return uri;
  }

  private Download download(Storage storage, Path target) {
    try {
      return storage.download(config.datasetUri(), target, config.datasetSha256());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(TrainingConfig.REASON, "dataset: " + e.getMessage());
    } catch (ChecksumMismatchException e) {
      throw new BadInputException("DatasetChecksumMismatch", e.getMessage());
    } catch (ArtifactNotFoundException e) {
      throw new BadInputException("DatasetNotFound", e.getMessage());
    } catch (IOException e) {
      throw new TrainingCrashException(
          "DatasetUnreachable", "cannot read the dataset: " + e.getMessage(), e);
    }
  }

  private double checkParity(TrainedModel trained, Path modelFile) throws Exception {
    int[] rows = parityRows(trained);
    double[] expected = trained.positiveProbabilities(rows);
    double[] actual;
    try (OnnxScorer scorer = new OnnxScorer(modelFile, trained.positiveOutputColumn())) {
      actual = scorer.positiveProbabilities(trained.data(), rows);
    }
    double max = 0;
    for (int i = 0; i < rows.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    log("ONNX export check: max |onnx - in-memory| = %.3g over %d rows", max, rows.length);
    if (max > PARITY_TOLERANCE) {
      throw new TrainingCrashException(
          "OnnxExportMismatch",
          "the exported model's probabilities differ from the trained model's by " + max,
          null);
    }
    return max;
  }

  /** Up to 1,000 rows: held-out rows first, then training rows. */
  static int[] parityRows(TrainedModel trained) {
    int[] test = trained.split().test();
    int[] train = trained.split().train();
    int n = Math.min(PARITY_ROWS, test.length + train.length);
    int[] rows = new int[n];
    int fromTest = Math.min(n, test.length);
    System.arraycopy(test, 0, rows, 0, fromTest);
    System.arraycopy(train, 0, rows, fromTest, n - fromTest);
    return rows;
  }

  private TrainingResult publish(
      Storage storage, Path staged, StorageUri output, ClassificationMetrics metrics) {
    try {
      for (String file : List.of(BASELINE_FILE, METRICS_FILE, PROVENANCE_FILE)) {
        storage.upload(staged.resolve(file), output.resolve(file).raw());
      }
      String modelUri = output.resolve(MODEL_FILE).raw();
      String sha256 = storage.upload(staged.resolve(MODEL_FILE), modelUri);
      return new TrainingResult(
          modelUri, sha256, metrics.asMap(), output.resolve(BASELINE_FILE).raw(), "onnx");
    } catch (IOException e) {
      throw new TrainingCrashException(
          "OutputWriteFailed", "cannot write outputs to " + output + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> metricsJson(
      ClassificationMetrics metrics, TrainedModel trained, double parity) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("split", "held-out");
    m.put("metrics", metrics.asMap());
    m.put("trainRows", trained.split().train().length);
    m.put("heldOutRows", trained.split().test().length);
    m.put("positiveLabel", trained.data().schema().positiveLabel());
    m.put("decisionThreshold", 0.5);
    m.put("epochLosses", trained.epochLosses());
    m.put("onnxParityMaxAbsDiff", parity);
    return m;
  }

  private Map<String, Object> provenance(
      Download dataset, TrainedModel trained, Instant started, double parity) throws IOException {
    DatasetSchema schema = trained.data().schema();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("schemaVersion", 1);
    p.put("modelName", config.modelName());
    p.put("trainingJob", config.trainingJob());
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("uri", config.datasetUri());
    ds.put("version", config.datasetVersion());
    ds.put("sha256", dataset.sha256());
    ds.put("rows", trained.data().rows());
    p.put("dataset", ds);
    p.put(
        "label",
        Map.of(
            "column",
            schema.labelColumn(),
            "positive",
            schema.positiveLabel(),
            "negative",
            schema.negativeLabel()));
    p.put(
        "features",
        schema.features().stream()
            .map(
                f ->
                    Map.of(
                        "name",
                        f.name(),
                        "type",
                        f.type().name(),
                        "typeSource",
                        f.declared() ? "declared" : "inferred"))
            .toList());
    p.put("hyperparameters", config.hyperparameters().asMap());
    p.put("onnx", Map.of("parityMaxAbsDiff", parity, "parityRows", parityRows(trained).length));
    Map<String, Object> software = new LinkedHashMap<>();
    software.put("trainer", "gantry-training-image " + version());
    software.put("tribuo", org.tribuo.Tribuo.VERSION);
    software.put("java", Runtime.version().toString());
    p.put("software", software);
    p.put("startedAt", started.toString());
    p.put("finishedAt", Instant.now().toString());
    String tribuo =
        new JsonProvenanceSerialization(false).marshalAndSerialize(trained.model().getProvenance());
    p.put("tribuoProvenance", JSON.readTree(tribuo));
    return p;
  }

  private static String version() {
    String v = TrainingRun.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private void logSchema(TypedDataset data) {
    DatasetSchema schema = data.schema();
    log(
        "label: '%s' (positive '%s': %d of %d rows)",
        schema.labelColumn(), schema.positiveLabel(), data.positiveCount(), data.rows());
    for (DatasetSchema.Feature f : schema.features()) {
      String detail =
          f.type() == FeatureType.CATEGORICAL
              ? " (" + Stream.of(data.categorical(f.name())).distinct().count() + " values)"
              : "";
      log(
          "feature '%s': %s, %s%s",
          f.name(), f.type().name().toLowerCase(), f.declared() ? "declared" : "inferred", detail);
    }
  }

  private void log(String format, Object... args) {
    out.printf("[gantry-train] " + format + "%n", args);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: scratch space only.
    }
  }
}
