package dev.gantry.inference.predict;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BatchPlan;
import dev.gantry.contract.BatchReport;
import dev.gantry.inference.config.InferenceConfig.OnInvalidRow;
import dev.gantry.inference.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The {@code predict shard} step: scores the rows of one shard of the plan, streaming its input
 * ranges in batches of {@code batch-size} rows through one ONNX Runtime run each, and publishes
 * {@code part-NNNNN.csv}, {@code part-NNNNN.errors.jsonl} and, last, {@code
 * part-NNNNN.manifest.json}. A shard whose manifest already carries the plan's id is complete and
 * only reported again, so a restarted pod never redoes (or rewrites) finished work; an unfinished
 * one starts from scratch, since its files only ever existed as temp files.
 */
final class ShardRunner {

  private static final Logger LOG = Logger.getLogger(ShardRunner.class);

  private final PredictSettings settings;
  private final ObjectMapper json;

  ShardRunner(PredictSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  BatchReport run() throws PredictFailure, IOException, OrtException {
    long start = System.nanoTime();
    int index = settings.shardIndex();
    if (index < 0) {
      throw invalid(
          "no shard index: JOB_COMPLETION_INDEX (or gantry.predict.shard-index) is unset");
    }
    if (settings.outputUri() == null) {
      throw invalid("gantry.predict.output-uri is not set");
    }
    OutputLocation output;
    try {
      output = OutputLocation.of(settings.outputUri(), settings.pvcMountRoot(), settings.workDir());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    try (output) {
      BatchPlan plan = readPlan(output);
      if (index >= plan.shards().size()) {
        throw invalid(
            "shard " + index + " is not in the plan (" + plan.shards().size() + " shards)");
      }
      BatchPlan.Shard shard = plan.shards().get(index);
      Optional<ShardManifest> done = readManifest(output, index);
      if (done.isPresent() && plan.planId().equals(done.get().planId())) {
        ShardManifest m = done.get();
        LOG.infof("shard %d of plan %s is complete already; keeping it", index, plan.planId());
        return report(index, m, (System.nanoTime() - start) / 1e9, true);
      }
      output.discardTemps(ShardManifest.base(index));
      String modelUri = settings.modelUri().orElse(plan.modelUri());
      String sha256 = settings.modelSha256().orElse(plan.modelSha256());
      try (PredictModel model = PredictModel.load(settings, modelUri, sha256);
          InputFiles inputs = new InputFiles(settings.pvcMountRoot(), settings.workDir())) {
        ShardManifest m = score(plan, shard, model, inputs, output, start);
        return report(index, m, m.seconds(), false);
      }
    }
  }

  private ShardManifest score(
      BatchPlan plan,
      BatchPlan.Shard shard,
      PredictModel model,
      InputFiles inputs,
      OutputLocation output,
      long start)
      throws PredictFailure, IOException, OrtException {
    int index = shard.index();
    Predictions predictions;
    try {
      predictions =
          Predictions.of(model.ort().signature(), settings.classLabels(), settings.modelVersion());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    Path partTemp = output.temp(ShardManifest.outputName(index));
    Path errorsTemp = output.temp(ShardManifest.errorsName(index));
    try {
      Batch batch;
      try (PartWriter part = new PartWriter(partTemp);
          PartWriter errors = new PartWriter(errorsTemp)) {
        batch = new Batch(model, predictions, part, errors);
        long globalRow = shard.firstRow();
        for (BatchPlan.Range range : shard.ranges()) {
          BatchPlan.InputFile file = plan.files().get(range.file());
          Path local = inputs.get(file.uri(), range.file());
          if (Files.size(local) != file.bytes()) {
            throw PredictFailure.permanent(
                PredictFailure.INPUT_CHANGED,
                "input "
                    + file.uri()
                    + " has "
                    + Files.size(local)
                    + " bytes, the plan "
                    + file.bytes()
                    + ": it changed after the plan was made");
          }
          batch.scoreRange(local, file.uri(), range, globalRow);
          globalRow += range.rows();
        }
        batch.finish();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ShardManifest manifest =
          new ShardManifest(
              plan.planId(),
              index,
              shard.rows(),
              batch.predicted,
              batch.invalid,
              seconds,
              new ShardManifest.FileDigest(
                  ShardManifest.outputName(index), batch.partSha256, batch.partBytes),
              new ShardManifest.FileDigest(
                  ShardManifest.errorsName(index), batch.errorsSha256, batch.errorsBytes),
              settings.modelVersion(),
              model.sha256());
      // The manifest goes last: its presence is what says the shard is complete.
      output.publish(partTemp, ShardManifest.outputName(index));
      output.publish(errorsTemp, ShardManifest.errorsName(index));
      output.write(ShardManifest.manifestName(index), json.writeValueAsBytes(manifest));
      return manifest;
    } finally {
      Files.deleteIfExists(partTemp);
      Files.deleteIfExists(errorsTemp);
    }
  }

  /** The rows of one batch between reading and one session.run, and the running counts. */
  private final class Batch {
    private final PredictModel model;
    private final Predictions predictions;
    private final PartWriter part;
    private final PartWriter errors;
    private final int capacity = Math.max(1, settings.batchSize());
    private final long[] rowNumbers = new long[capacity];
    private final List<String> ids = settings.idColumn().isPresent() ? new ArrayList<>() : null;
    private RowBinder binder;
    private boolean headerWritten;
    long predicted;
    long invalid;
    String partSha256;
    long partBytes;
    String errorsSha256;
    long errorsBytes;

    Batch(PredictModel model, Predictions predictions, PartWriter part, PartWriter errors) {
      this.model = model;
      this.predictions = predictions;
      this.part = part;
      this.errors = errors;
    }

    void scoreRange(Path file, String uri, BatchPlan.Range range, long globalRow)
        throws PredictFailure, IOException, OrtException {
      try (CsvRows csv = CsvRows.open(file)) {
        if (binder != null && binder.rows() > 0) {
          // Headers may differ between files: run what this file's binder does not own.
          flush();
        }
        try {
          binder =
              RowBinder.of(
                  model.ort().signature(),
                  model.baseline(),
                  csv.header(),
                  settings.idColumn(),
                  settings.rules(),
                  capacity);
        } catch (IllegalArgumentException e) {
          throw invalid("input " + uri + ": " + e.getMessage());
        }
        int idColumn = settings.idColumn().map(csv.header()::indexOf).orElse(-1);
        if (settings.idColumn().isPresent() && idColumn < 0) {
          throw invalid("input " + uri + " has no id column '" + settings.idColumn().get() + "'");
        }
        if (csv.skip(range.firstRow()) != range.firstRow()) {
          throw changed(uri);
        }
        for (long r = 0; r < range.rows(); r++) {
          if (!csv.next()) {
            throw changed(uri);
          }
          long row = globalRow + r;
          String problem = binder.add(csv);
          String id = idColumn >= 0 && idColumn < csv.cells() ? csv.cell(idColumn) : null;
          if (problem != null) {
            rejected(row, id, problem);
            continue;
          }
          rowNumbers[binder.rows() - 1] = row;
          if (ids != null) {
            ids.add(id);
          }
          if (binder.full()) {
            flush();
          }
        }
      }
    }

    private void rejected(long row, String id, String problem) throws PredictFailure, IOException {
      invalid++;
      if (settings.onInvalidRow() == OnInvalidRow.Fail) {
        throw PredictFailure.permanent(
            PredictFailure.INVALID_ROWS,
            "row " + row + (id == null ? "" : " (row_id " + id + ")") + ": " + problem);
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("row_id", id != null ? id : row);
      line.put("row", row);
      line.put("reason", problem);
      errors.ascii(json.writeValueAsString(line)).write('\n');
    }

    private void flush() throws IOException, OrtException {
      int n = binder.rows();
      if (n == 0) {
        return;
      }
      List<Tensor> out = model.ort().run(binder.tensors(), Set.of(predictions.output()));
      Tensor scores = out.get(0);
      if (!headerWritten) {
        predictions.header(part, scores);
        headerWritten = true;
      }
      predictions.write(part, scores, rowNumbers, ids, n);
      predicted += n;
      binder.clear();
      if (ids != null) {
        ids.clear();
      }
    }

    void finish() throws IOException, OrtException {
      if (binder != null) {
        flush();
      }
      if (!headerWritten) {
        predictions.header(part, null);
      }
      part.close();
      errors.close();
      partSha256 = part.sha256();
      partBytes = part.bytes();
      errorsSha256 = errors.sha256();
      errorsBytes = errors.bytes();
    }
  }

  private BatchPlan readPlan(OutputLocation output) throws PredictFailure, IOException {
    Optional<byte[]> bytes = output.read(BatchPlan.PLAN_FILE);
    if (bytes.isEmpty()) {
      throw invalid(
          "no plan at " + output.uriOf(BatchPlan.PLAN_FILE) + ": run 'predict plan' first");
    }
    return json.readValue(bytes.get(), BatchPlan.class);
  }

  private Optional<ShardManifest> readManifest(OutputLocation output, int index) {
    try {
      Optional<byte[]> bytes = output.read(ShardManifest.manifestName(index));
      return bytes.isEmpty()
          ? Optional.empty()
          : Optional.of(json.readValue(bytes.get(), ShardManifest.class));
    } catch (IOException e) {
      // An unreadable manifest is no proof of completion: score again.
      LOG.warnf("manifest of shard %d is unreadable (%s); scoring again", index, e.toString());
      return Optional.empty();
    }
  }

  private static BatchReport report(int index, ShardManifest m, double seconds, boolean reused) {
    return new BatchReport(
        BatchReport.STEP_SHARD,
        true,
        index,
        m.rows(),
        m.predicted(),
        m.invalid(),
        seconds,
        m.output().sha256(),
        reused,
        null,
        null);
  }

  private static PredictFailure changed(String uri) {
    return PredictFailure.permanent(
        PredictFailure.INPUT_CHANGED, "input " + uri + " has fewer rows than when it was planned");
  }

  private static PredictFailure invalid(String message) {
    return PredictFailure.permanent(PredictFailure.INVALID_CONFIGURATION, message);
  }
}
