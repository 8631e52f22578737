package dev.gantry.operator.driftmonitor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The expected values SciPy computed (src/test/python/drift_fixtures.py wrote drift-fixtures.json);
 * the tests read the committed file, never run Python.
 */
final class ScipyFixtures {
  private static final JsonNode ROOT = load();

  private ScipyFixtures() {}

  /** A numeric feature: histograms over shared bin edges and SciPy's results for them. */
  record NumericCase(
      String name,
      List<Double> binEdges,
      double[] reference,
      double[] live,
      double stddev,
      JsonNode expected) {
    HistogramPair counts() {
      return new HistogramPair(reference, live);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A categorical feature: category counts and SciPy's results for them. */
  record CategoricalCase(
      String name, Map<String, Double> reference, Map<String, Double> live, JsonNode expected) {
    HistogramPair counts() {
      return CategoryCounts.align(reference, live);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<NumericCase> numeric() {
    List<NumericCase> cases = new ArrayList<>();
    for (JsonNode c : ROOT.get("numeric")) {
      cases.add(
          new NumericCase(
              c.get("name").asText(),
              stream(c.get("binEdges")).map(JsonNode::asDouble).toList(),
              doubles(c.get("reference")),
              doubles(c.get("live")),
              c.get("stddev").asDouble(),
              c.get("expected")));
    }
    return cases;
  }

  static List<CategoricalCase> categorical() {
    List<CategoricalCase> cases = new ArrayList<>();
    for (JsonNode c : ROOT.get("categorical")) {
      cases.add(
          new CategoricalCase(
              c.get("name").asText(),
              counts(c.get("reference")),
              counts(c.get("live")),
              c.get("expected")));
    }
    return cases;
  }

  private static double[] doubles(JsonNode array) {
    return stream(array).mapToDouble(JsonNode::asDouble).toArray();
  }

  private static Map<String, Double> counts(JsonNode object) {
    Map<String, Double> counts = new LinkedHashMap<>();
    object.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asDouble()));
    return counts;
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static JsonNode load() {
    try (InputStream in = ScipyFixtures.class.getResourceAsStream("/drift-fixtures.json")) {
      if (in == null) {
        throw new IllegalStateException("drift-fixtures.json is not on the test classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
