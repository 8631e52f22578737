package dev.gantry.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A metrics endpoint whose values the test sets: Prometheus text exposition format 0.0.4 on
 * http://127.0.0.1:PORT/metrics, what every exporter speaks. For counters and histograms the test
 * sets the cumulative values itself (name_total, name_bucket{le=...}, ...).
 */
public final class TestExporter implements AutoCloseable {

  private record Family(String type, Map<String, Double> series) {}

  private final Map<String, Family> families = new ConcurrentSkipListMap<>();
  private final HttpServer server;

  public TestExporter() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /**
   * Sets one series. {@code metric} is the series name as exposed; {@code type} the family's TYPE
   * line (gauge, counter, histogram, untyped), written once per metric name.
   */
  public void set(String metric, String type, Map<String, String> labels, double value) {
    families
        .computeIfAbsent(metric, name -> new Family(type, new ConcurrentHashMap<>()))
        .series()
        .put(labelText(labels), value);
  }

  public void remove(String metric, Map<String, String> labels) {
    Family family = families.get(metric);
    if (family != null) {
      family.series().remove(labelText(labels));
    }
  }

  /** host:port, as a scrape target. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** What a scrape returns now. */
  public String exposition() {
    StringBuilder text = new StringBuilder();
    families.forEach(
        (name, family) -> {
          text.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
          new TreeMap<>(family.series())
              .forEach(
                  (labels, value) ->
                      text.append(name)
                          .append(labels)
                          .append(' ')
                          .append(number(value))
                          .append('\n'));
        });
    return text.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String labelText(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("{");
    new TreeMap<>(labels)
        .forEach(
            (key, value) -> {
              if (text.length() > 1) {
                text.append(',');
              }
              text.append(key)
                  .append("=\"")
                  .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                  .append('"');
            });
    return text.append('}').toString();
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}
