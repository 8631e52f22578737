package dev.gantry.inference.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** JSON helpers for the REST tests: bodies in, exact floats out. */
public final class Json {

  /** Decimals as BigDecimal, so that a float read back is exactly the float written. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An infer request body with one FP32 input "input" of the given rows. */
  public static String tabularRequest(float[][] rows) {
    return write(Map.of("inputs", List.of(fp32("input", rows))));
  }

  public static Map<String, Object> fp32(String name, float[][] rows) {
    List<Float> flat = new ArrayList<>();
    for (float[] row : rows) {
      for (float v : row) {
        flat.add(v);
      }
    }
    return Map.of(
        "name",
        name,
        "datatype",
        "FP32",
        "shape",
        List.of(rows.length, rows[0].length),
        "data",
        flat);
  }

  /** The named output's data as rows of {@code width} floats. */
  public static float[][] outputRows(JsonNode response, String name, int width) {
    for (JsonNode out : response.get("outputs")) {
      if (out.get("name").asText().equals(name)) {
        JsonNode data = out.get("data");
        float[][] rows = new float[data.size() / width][width];
        for (int i = 0; i < data.size(); i++) {
          rows[i / width][i % width] = data.get(i).decimalValue().floatValue();
        }
        return rows;
      }
    }
    throw new AssertionError("no output " + name + " in " + response);
  }

  /** Waits for the server to load and warm up its model. */
  public static void awaitReady() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> RestAssured.get("/v2/health/ready").statusCode() == 200);
  }
}
