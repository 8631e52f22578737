package dev.gantry.operator.modelversion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a validation pod's termination message and says exactly what is wrong with a bad one. */
public final class ValidationReportParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ValidationReportParser() {}

  /** A parsed message: the report, or the reason and message why there is none. */
  public sealed interface Parsed {}

  public record Valid(ValidationReport report) implements Parsed {}

  public record Invalid(String reason, String message) implements Parsed {}

  public static Parsed parse(String message) {
    if (message == null || message.isBlank()) {
      return new Invalid(ModelVersionReasons.REPORT_MISSING, "the validation pod wrote no report");
    }
    JsonNode root;
    try {
      root = JSON.readTree(message);
    } catch (JsonProcessingException e) {
      return new Invalid(
          ModelVersionReasons.REPORT_INVALID,
          "the validation report is not JSON: " + abbreviate(message));
    }
    if (root == null || !root.isObject() || !root.path("passed").isBoolean()) {
      return new Invalid(
          ModelVersionReasons.REPORT_INVALID,
          "the validation report has no boolean \"passed\": " + abbreviate(message));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    JsonNode metricsNode = root.path("metrics");
    if (!metricsNode.isMissingNode() && !metricsNode.isNull()) {
      if (!metricsNode.isObject()) {
        return new Invalid(
            ModelVersionReasons.REPORT_INVALID, "the report's metrics are not an object");
      }
      for (var entry : metricsNode.properties()) {
        if (!entry.getValue().isNumber()) {
          return new Invalid(
              ModelVersionReasons.REPORT_INVALID,
              "the report's metric " + entry.getKey() + " is not a number");
        }
        metrics.put(entry.getKey(), entry.getValue().doubleValue());
      }
    }
    List<String> failedGates = new ArrayList<>();
    root.path("failedGates").forEach(g -> failedGates.add(g.asText()));
    return new Valid(
        new ValidationReport(
            root.get("passed").asBoolean(),
            text(root, "modelUri"),
            text(root, "sha256"),
            metrics,
            failedGates,
            text(root, "error"),
            root.path("simulated").asBoolean(false) ? Boolean.TRUE : null));
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
