package dev.gantry.inference.predict;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.contract.BatchReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Runs one predict step ({@code plan} or {@code shard}) and reports it: the {@link BatchReport} as
 * one JSON line to stdout and to the termination message file, and the exit code the Job acts on
 * (0; {@link BatchReport#EXIT_PERMANENT} for a failure a retry cannot mend; {@link
 * BatchReport#EXIT_RETRYABLE} for a crash).
 */
public final class Predict {

  private static final Logger LOG = Logger.getLogger(Predict.class);

  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private final PredictSettings settings;
  private final Path terminationMessage;
  private final ObjectMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public Predict(PredictSettings settings, Path terminationMessage) {
    this.settings = settings;
    this.terminationMessage = terminationMessage;
  }

  /**
   * @param step {@code plan} or {@code shard}
   * @return the process exit code
   */
  public int run(String step) {
    long start = System.nanoTime();
    String reportStep = BatchReport.STEP_SHARD.equals(step) ? step : BatchReport.STEP_PLAN;
    Integer shard = BatchReport.STEP_SHARD.equals(step) ? settings.shardIndex() : null;
    BatchReport report;
    int exit;
    try {
      report =
          switch (step == null ? "" : step) {
            case BatchReport.STEP_PLAN -> new PredictPlanner(settings, json).run();
            case BatchReport.STEP_SHARD -> new ShardRunner(settings, json).run();
            default ->
                throw PredictFailure.permanent(
                    PredictFailure.INVALID_CONFIGURATION,
                    "usage: predict plan | predict shard (got '" + step + "')");
          };
      exit = 0;
    } catch (PredictFailure e) {
      LOG.errorf("predict %s failed (%s): %s", step, e.reason(), e.getMessage());
      report = failed(reportStep, shard, start, e.reason(), e.getMessage());
      exit = e.exitCode();
    } catch (Exception | OutOfMemoryError e) {
      LOG.error("predict " + step + " crashed", e);
      report =
          failed(
              reportStep,
              shard,
              start,
              PredictFailure.CRASH,
              e.getClass().getSimpleName() + ": " + e.getMessage());
      exit = BatchReport.EXIT_RETRYABLE;
    }
    write(report);
    return exit;
  }

  private static BatchReport failed(
      String step, Integer shard, long start, String reason, String message) {
    return new BatchReport(
        step,
        false,
        shard != null && shard >= 0 ? shard : null,
        null,
        null,
        null,
        (System.nanoTime() - start) / 1e9,
        null,
        null,
        reason,
        message);
  }

  private void write(BatchReport report) {
    String text;
    try {
      text = json.writeValueAsString(report);
      if (text.getBytes(StandardCharsets.UTF_8).length > TERMINATION_MESSAGE_LIMIT
          && report.message() != null) {
        // Shorten the message, not the JSON: the operator must still parse it.
        String m = report.message();
        text =
            json.writeValueAsString(
                new BatchReport(
                    report.step(),
                    report.ok(),
                    report.shard(),
                    report.totalRows(),
                    report.predicted(),
                    report.invalid(),
                    report.seconds(),
                    report.sha256(),
                    report.reused(),
                    report.reason(),
                    m.substring(0, Math.min(m.length(), 3000)) + "..."));
      }
    } catch (IOException e) {
      text = "{\"step\":\"" + report.step() + "\",\"ok\":false,\"reason\":\"Crash\"}";
    }
    System.out.println(text);
    System.out.flush();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > TERMINATION_MESSAGE_LIMIT) {
      bytes = Arrays.copyOf(bytes, TERMINATION_MESSAGE_LIMIT);
    }
    try {
      Files.write(terminationMessage, bytes);
    } catch (IOException e) {
      LOG.warnf("could not write the termination message to %s: %s", terminationMessage, e);
    }
  }
}
