package dev.gantry.operator.driftmonitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the inference server's {@code GET /v2/models/{name}/statistics} answer (see
 * docs/inference-server.md): per feature, {@code live.counts} on the baseline's bins or {@code
 * live.categories}.
 */
public final class StatisticsParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatisticsParser() {}

  public static ServerStatistics parse(String body) {
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("statistics are not JSON: " + e.getMessage(), e);
    }
    if (doc == null || !doc.path("features").isArray()) {
      throw new IllegalArgumentException("statistics have no features list");
    }
    Map<String, LiveCounts> features = new HashMap<>();
    for (JsonNode feature : doc.path("features")) {
      String name = feature.path("name").asText(null);
      JsonNode live = feature.path("live");
      if (name == null || live.isMissingNode()) {
        continue;
      }
      if (live.path("counts").isArray()) {
        JsonNode counts = live.path("counts");
        double[] bins = new double[counts.size()];
        for (int i = 0; i < bins.length; i++) {
          bins[i] = counts.get(i).asDouble();
        }
        features.put(name, LiveCounts.numeric(bins));
      } else if (live.path("categories").isObject()) {
        Map<String, Double> categories = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = live.path("categories").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          categories.put(e.getKey(), e.getValue().asDouble());
        }
        features.put(name, LiveCounts.categorical(categories));
      }
    }
    return new ServerStatistics(doc.path("since").asText(""), features);
  }
}
