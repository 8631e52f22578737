package dev.gantry.operator.batchprediction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.contract.BatchReport;
import java.util.Optional;

/**
 * Reads a {@link BatchReport} from a batch pod's termination message. With {@code
 * FallbackToLogsOnError}, a pod that died before writing one leaves its log's tail there instead;
 * that text is no report. Pure.
 */
final class BatchReportParser {
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final int QUOTED_TAIL = 300;

  private BatchReportParser() {}

  static Optional<BatchReport> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    String text = message.strip();
    // The report is the last line the image printed; a log tail may precede it.
    int lineStart = text.lastIndexOf("\n{");
    String candidate = lineStart < 0 ? text : text.substring(lineStart + 1);
    if (!candidate.startsWith("{")) {
      return Optional.empty();
    }
    try {
      BatchReport report = JSON.readValue(candidate, BatchReport.class);
      if (report.step() == null) {
        return Optional.empty();
      }
      if (report.seconds() != null && !Double.isFinite(report.seconds())) {
        // 1e999 is valid JSON and parses to Infinity, which no status decimal can hold.
        report =
            new BatchReport(
                report.step(),
                report.ok(),
                report.shard(),
                report.totalRows(),
                report.predicted(),
                report.invalid(),
                null,
                report.sha256(),
                report.reused(),
                report.reason(),
                report.message());
      }
      return Optional.of(report);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The end of a message that is not a report, to quote in status. */
  static String tail(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String text = message.strip();
    return text.length() <= QUOTED_TAIL
        ? text
        : "..." + text.substring(text.length() - QUOTED_TAIL);
  }
}
