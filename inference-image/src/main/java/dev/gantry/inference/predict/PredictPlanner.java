package dev.gantry.inference.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BatchPlan;
import dev.gantry.contract.BatchReport;
import dev.gantry.storage.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code predict plan} step, run once before the shards: every input exists and is readable
 * (its data rows counted), the output location is writable, the model loads (sha256 verified) and
 * can be fed from every input's header, so that none of these fails N shard pods later. Then it
 * splits the rows ({@link BatchPlan#split}) and writes {@code <output>/_plan.json}.
 */
final class PredictPlanner {

  private final PredictSettings settings;
  private final ObjectMapper json;

  PredictPlanner(PredictSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  BatchReport run() throws PredictFailure, IOException {
    long start = System.nanoTime();
    if (settings.inputs().isEmpty()) {
      throw invalid("gantry.predict.inputs is not set");
    }
    if (settings.outputUri() == null) {
      throw invalid("gantry.predict.output-uri is not set");
    }
    if (settings.shards() < 1) {
      throw invalid("gantry.predict.shards must be at least 1, got " + settings.shards());
    }
    String modelUri = settings.modelUri().orElseThrow(() -> invalid("gantry.model.uri is not set"));

    List<BatchPlan.InputFile> files = new ArrayList<>();
    List<List<String>> headers = new ArrayList<>();
    try (InputFiles inputs = new InputFiles(settings.pvcMountRoot(), settings.workDir())) {
      for (int i = 0; i < settings.inputs().size(); i++) {
        String uri = settings.inputs().get(i);
        Path file = inputs.get(uri, i);
        try (CsvRows csv = CsvRows.open(file)) {
          headers.add(csv.header());
        } catch (IOException e) {
          throw PredictFailure.permanent(
              PredictFailure.INPUT_NOT_FOUND, "input " + uri + ": " + e.getMessage(), e);
        }
        files.add(new BatchPlan.InputFile(uri, Files.size(file), CsvRows.countRows(file)));
      }
    }

    OutputLocation output;
    try {
      output = OutputLocation.of(settings.outputUri(), settings.pvcMountRoot(), settings.workDir());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    try (output) {
      try {
        output.checkWritable();
      } catch (IOException e) {
        throw notWritable(e);
      }
      String sha256;
      try (PredictModel model =
          PredictModel.load(settings, modelUri, settings.modelSha256().orElse(null))) {
        sha256 = model.sha256();
        for (int i = 0; i < headers.size(); i++) {
          try {
            RowBinder.of(
                model.ort().signature(),
                model.baseline(),
                headers.get(i),
                settings.idColumn(),
                settings.rules(),
                1);
            Predictions.of(model.ort().signature(), settings.classLabels(), "");
          } catch (IllegalArgumentException e) {
            throw invalid("input " + settings.inputs().get(i) + ": " + e.getMessage());
          }
          if (settings.idColumn().isPresent()
              && !headers.get(i).contains(settings.idColumn().get())) {
            throw invalid(
                "input "
                    + settings.inputs().get(i)
                    + " has no id column '"
                    + settings.idColumn().get()
                    + "': "
                    + headers.get(i));
          }
        }
      } catch (ai.onnxruntime.OrtException e) {
        throw new IOException(e);
      }
      List<Long> rows = files.stream().map(BatchPlan.InputFile::rows).toList();
      long total = rows.stream().mapToLong(Long::longValue).sum();
      String planId = settings.planId() != null ? settings.planId() : defaultPlanId(files, sha256);
      BatchPlan plan =
          new BatchPlan(
              planId, modelUri, sha256, files, total, BatchPlan.split(rows, settings.shards()));
      try {
        output.write(BatchPlan.PLAN_FILE, json.writeValueAsBytes(plan));
      } catch (IOException e) {
        throw notWritable(e);
      }
      return new BatchReport(
          BatchReport.STEP_PLAN,
          true,
          null,
          total,
          null,
          null,
          (System.nanoTime() - start) / 1e9,
          null,
          null,
          null,
          null);
    }
  }

  /** Without an operator-given id: the digest of what the plan covers. */
  private String defaultPlanId(List<BatchPlan.InputFile> files, String modelSha256) {
    var digest = Sha256.newDigest();
    digest.update((modelSha256 + "|" + settings.shards()).getBytes(StandardCharsets.UTF_8));
    for (BatchPlan.InputFile f : files) {
      digest.update(("|" + f.uri() + "|" + f.bytes()).getBytes(StandardCharsets.UTF_8));
    }
    return Sha256.hex(digest).substring(0, 16);
  }

  private PredictFailure notWritable(IOException e) {
    return PredictFailure.permanent(
        PredictFailure.OUTPUT_NOT_WRITABLE,
        "output " + settings.outputUri() + " is not writable: " + e,
        e);
  }

  private static PredictFailure invalid(String message) {
    return PredictFailure.permanent(PredictFailure.INVALID_CONFIGURATION, message);
  }
}
