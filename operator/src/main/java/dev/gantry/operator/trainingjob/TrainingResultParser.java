package dev.gantry.operator.trainingjob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.contract.TrainingResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads rank 0's termination message (the training contract's TrainingResult) and says exactly what
 * is wrong with a bad one. Pure.
 */
public final class TrainingResultParser {
  public static final String RESULT_MISSING = "ResultMissing";
  public static final String RESULT_TOO_LARGE = "ResultTooLarge";
  public static final String RESULT_NOT_JSON = "ResultNotJson";
  public static final String RESULT_INVALID = "ResultInvalid";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URI = Pattern.compile("^(s3|pvc|https?|file)://.+");
  private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
  private static final int MAX_METRICS = 64;

  private TrainingResultParser() {}

  /** A parsed result: either valid, or the reason and message why not. */
  public sealed interface Parsed {}

  public record Valid(TrainingResult result) implements Parsed {}

  public record Invalid(String reason, String message) implements Parsed {}

  public static Parsed parse(String message) {
    if (message == null || message.isBlank()) {
      return new Invalid(RESULT_MISSING, "rank 0 wrote no result to its termination message");
    }
    if (message.getBytes(StandardCharsets.UTF_8).length
        > TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES) {
      return new Invalid(
          RESULT_TOO_LARGE,
          "the result is larger than "
              + TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES
              + " bytes and was truncated");
    }
    JsonNode root;
    try {
      root = JSON.readTree(message);
    } catch (JsonProcessingException e) {
      return new Invalid(RESULT_NOT_JSON, "the result is not JSON: " + abbreviate(message));
    }
    if (root == null || !root.isObject()) {
      return new Invalid(
          RESULT_NOT_JSON, "the result is not a JSON object: " + abbreviate(message));
    }
    JsonNode artifact = root.get("artifactUri");
    if (artifact == null || !artifact.isTextual() || !URI.matcher(artifact.asText()).matches()) {
      return new Invalid(
          RESULT_INVALID,
          "artifactUri must be a string starting with s3://, pvc://, http(s):// or file://");
    }
    JsonNode sha256 = root.get("sha256");
    if (sha256 != null && (!sha256.isTextual() || !SHA256.matcher(sha256.asText()).matches())) {
      return new Invalid(RESULT_INVALID, "sha256 must be 64 lowercase hex characters");
    }
    JsonNode baseline = root.get("baselineUri");
    if (baseline != null && (!baseline.isTextual() || !URI.matcher(baseline.asText()).matches())) {
      return new Invalid(
          RESULT_INVALID,
          "baselineUri must be a string starting with s3://, pvc://, http(s):// or file://");
    }
    JsonNode format = root.get("modelFormat");
    if (format != null && !"onnx".equals(format.asText(null))) {
      return new Invalid(RESULT_INVALID, "modelFormat must be onnx, the format Gantry serves");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode metricsNode = root.get("metrics");
    if (metricsNode != null) {
      if (!metricsNode.isObject() || metricsNode.size() > MAX_METRICS) {
        return new Invalid(
            RESULT_INVALID, "metrics must be an object of at most " + MAX_METRICS + " numbers");
      }
      for (var entry : metricsNode.properties()) {
        if (!entry.getValue().isNumber()) {
          return new Invalid(RESULT_INVALID, "metric " + entry.getKey() + " must be a number");
        }
        // 1e999 is valid JSON and parses to Infinity, which no ModelVersion metric can hold.
        if (!Double.isFinite(entry.getValue().doubleValue())) {
          return new Invalid(
              RESULT_INVALID, "metric " + entry.getKey() + " must be a finite number");
        }
        metrics.put(entry.getKey(), entry.getValue().doubleValue());
      }
    }
    return new Valid(
        new TrainingResult(
            artifact.asText(),
            sha256 == null ? null : sha256.asText(),
            metrics,
            baseline == null ? null : baseline.asText(),
            "onnx"));
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
