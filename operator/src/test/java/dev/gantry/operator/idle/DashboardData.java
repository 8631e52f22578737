package dev.gantry.operator.idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.operator.prometheus.PromPoint;
import dev.gantry.operator.prometheus.PromSeries;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.operator.prometheus.PrometheusQueryException;
import dev.gantry.testing.RepoFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs every query of the chart's Grafana dashboard over an E2E run with query_range against the
 * test's real Prometheus and writes the series to operator/target/idle-dashboard/&lt;run&gt;.json,
 * from which operator/src/test/python/render_dashboard.py draws the PNG (Grafana itself is not
 * installable here).
 */
final class DashboardData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardData() {}

  static void dump(ReclaimHarness harness, String run) {
    try {
      if (!harness.prometheus.isRunning()) {
        harness.prometheus.restart();
      }
      Path dashboard = RepoFiles.root().resolve("helm/gantry/dashboards/gantry-gpu.json");
      JsonNode panels = JSON.readTree(dashboard.toFile()).path("panels");
      PrometheusQueryClient client =
          new PrometheusQueryClient(
              URI.create(harness.prometheus.url()), Duration.ofSeconds(10), Optional.empty());
      Instant end = Instant.now();
      Instant start = harness.startedAt();
      ObjectNode out = JSON.createObjectNode();
      out.put("start", start.toString());
      out.put("end", end.toString());
      out.put("stepSeconds", 2);
      ArrayNode outPanels = out.putArray("panels");
      for (JsonNode panel : panels) {
        ObjectNode p = outPanels.addObject();
        p.put("title", panel.path("title").asText());
        p.put("unit", panel.path("fieldConfig").path("defaults").path("unit").asText(""));
        p.set("gridPos", panel.path("gridPos"));
        ArrayNode targets = p.putArray("targets");
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText().replace("$__rate_interval", "20s");
          ObjectNode t = targets.addObject();
          t.put("expr", expr);
          t.put("legendFormat", target.path("legendFormat").asText());
          ArrayNode series = t.putArray("series");
          for (PromSeries s : client.queryRange(expr, start, end, Duration.ofSeconds(2))) {
            ObjectNode so = series.addObject();
            so.set("labels", JSON.valueToTree(s.labels()));
            ArrayNode points = so.putArray("points");
            for (PromPoint point : s.points()) {
              points.addArray().add(point.time().getEpochSecond()).add(point.value());
            }
          }
        }
      }
      Path file = RepoFiles.root().resolve("operator/target/idle-dashboard").resolve(run + ".json");
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
      System.out.println("[idle-e2e] dashboard data: " + file);
    } catch (IOException | PrometheusQueryException | RuntimeException e) {
      System.out.println("[idle-e2e] no dashboard data: " + e);
    }
  }
}
