package dev.gantry.operator.driftmonitor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BaselineHeaders;
import dev.gantry.contract.BaselineStatistics;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a serving pod's {@code GET /v2/models/{name}/baseline} answer (see
 * docs/inference-server.md) and checks it is the baseline asked for: the model version and the
 * baseline URI in its headers must be the ModelVersion's, so a pod that serves another version or
 * was started with another baseline is not believed.
 */
final class BaselineAnswer {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int MAX_QUOTED = 300;

  private BaselineAnswer() {}

  /** What the answer must be for: the ModelVersion's spec.version and spec.baseline.storageUri. */
  record Expected(String modelVersion, String baselineUri) {}

  /**
   * @param header the answer's header by name, empty when absent
   * @throws IllegalArgumentException saying what is wrong with the answer
   */
  static BaselineStatistics parse(
      int status, Function<String, Optional<String>> header, String body, Expected expected) {
    if (status != 200) {
      throw new IllegalArgumentException("HTTP " + status + ": " + errorOf(body));
    }
    same(header, BaselineHeaders.MODEL_VERSION, expected.modelVersion(), "it serves model version");
    same(
        header,
        BaselineHeaders.BASELINE_URI,
        expected.baselineUri(),
        "it loaded its baseline from");
    BaselineStatistics baseline;
    try {
      baseline = JSON.readValue(body, BaselineStatistics.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("the baseline is not JSON: " + e.getMessage(), e);
    }
    if (baseline == null || baseline.features() == null || baseline.features().isEmpty()) {
      throw new IllegalArgumentException("the baseline has no features");
    }
    return baseline;
  }

  /** Refuses the answer unless header {@code name} is {@code expected}; {@code saying} names it. */
  private static void same(
      Function<String, Optional<String>> header, String name, String expected, String saying) {
    String actual = header.apply(name).orElse(null);
    if (!Objects.equals(actual, expected)) {
      throw new IllegalArgumentException(
          saying
              + " "
              + (actual == null ? "(no " + name + " header)" : actual)
              + ", not "
              + expected);
    }
  }

  /** The {@code error} of an error body, else the body itself, shortened. */
  private static String errorOf(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (IOException | RuntimeException e) {
      // not the server's error body: quote what came
    }
    String text = body == null ? "" : body.strip();
    return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
  }
}
