package dev.gantry.operator.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.operator.prometheus.PrometheusQueryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Prometheus HTTP query API (/api/v1/query and /api/v1/query_range), which Prometheus,
 * Thanos, Mimir and VictoriaMetrics all serve. Queries go as POST forms so long PromQL never hits
 * URL length limits. Thread-safe.
 */
public final class PrometheusQueryClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final Duration timeout;
  private final Optional<String> authorization;
  private final HttpClient http;

  /**
   * @param authorization the whole Authorization header value ("Bearer ...", "Basic ..."), if any
   */
  public PrometheusQueryClient(URI baseUrl, Duration timeout, Optional<String> authorization) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    this.timeout = timeout;
    this.authorization = authorization;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** An instant query at the server's "now". A scalar result is one sample with no labels. */
  public List<PromSample> query(String promql) throws PrometheusQueryException {
    JsonNode data = post("api/v1/query", Map.of("query", promql), promql);
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<PromSample> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode element : result) {
          samples.add(new PromSample(labels(element), value(element.path("value"), promql)));
        }
      }
      case "scalar" -> samples.add(new PromSample(Map.of(), value(result, promql)));
      default ->
          throw malformed("an instant query answered with result type '" + type + "'", promql);
    }
    return samples;
  }

  /** A range query; each series carries its points in time order. */
  public List<PromSeries> queryRange(String promql, Instant start, Instant end, Duration step)
      throws PrometheusQueryException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", promql);
    form.put("start", seconds(start));
    form.put("end", seconds(end));
    form.put("step", Double.toString(step.toMillis() / 1000.0));
    JsonNode data = post("api/v1/query_range", form, promql);
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw malformed(
          "a range query answered with result type '" + data.path("resultType").asText() + "'",
          promql);
    }
    List<PromSeries> series = new ArrayList<>();
    for (JsonNode element : data.path("result")) {
      List<PromPoint> points = new ArrayList<>();
      for (JsonNode point : element.path("values")) {
        points.add(new PromPoint(instant(point.path(0)), value(point, promql)));
      }
      series.add(new PromSeries(labels(element), points));
    }
    return series;
  }

  private JsonNode post(String path, Map<String, String> form, String promql)
      throws PrometheusQueryException {
    URI uri = baseUrl.resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PrometheusQueryException(
          Kind.TIMEOUT, "Prometheus at " + baseUrl + " did not answer within " + timeout, e);
    } catch (ConnectException e) {
      throw new PrometheusQueryException(
          Kind.UNREACHABLE, "Prometheus at " + baseUrl + " unreachable: " + reason(e), e);
    } catch (IOException e) {
      throw new PrometheusQueryException(
          Kind.UNREACHABLE, "Prometheus at " + baseUrl + " unreachable: " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusQueryException(Kind.TIMEOUT, "interrupted while querying " + uri, e);
    }
    return data(response, promql);
  }

  private JsonNode data(HttpResponse<String> response, String promql)
      throws PrometheusQueryException {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body != null && "error".equals(body.path("status").asText())) {
      throw new PrometheusQueryException(
          Kind.QUERY_ERROR,
          "Prometheus at "
              + baseUrl
              + " rejected the query ("
              + body.path("errorType").asText()
              + "): "
              + body.path("error").asText()
              + " [query: "
              + promql
              + "]");
    }
    if (response.statusCode() != 200) {
      throw new PrometheusQueryException(
          Kind.HTTP_STATUS,
          "Prometheus at "
              + baseUrl
              + " answered HTTP "
              + response.statusCode()
              + snippet(response));
    }
    if (body == null || !"success".equals(body.path("status").asText())) {
      throw malformed("the answer is not the Prometheus query API's JSON" + snippet(response), "");
    }
    return body.path("data");
  }

  private PrometheusQueryException malformed(String what, String promql) {
    return new PrometheusQueryException(
        Kind.MALFORMED_RESPONSE,
        "Prometheus at "
            + baseUrl
            + ": "
            + what
            + (promql.isEmpty() ? "" : " [query: " + promql + "]"));
  }

  private static Map<String, String> labels(JsonNode element) {
    Map<String, String> labels = new LinkedHashMap<>();
    element
        .path("metric")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** A [unixSeconds, "value"] pair. Prometheus spells infinities "+Inf" and "-Inf". */
  private double value(JsonNode pair, String promql) throws PrometheusQueryException {
    if (!pair.isArray() || pair.size() != 2) {
      throw malformed("a sample is not a [time, value] pair", promql);
    }
    String text = pair.path(1).asText();
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw malformed("sample value '" + text + "' is not a number", promql);
        }
      }
    };
  }

  private static Instant instant(JsonNode seconds) {
    return Instant.ofEpochMilli(Math.round(seconds.asDouble() * 1000));
  }

  private static String seconds(Instant instant) {
    return Double.toString(instant.toEpochMilli() / 1000.0);
  }

  private static String encode(Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (key, value) -> {
          if (!body.isEmpty()) {
            body.append('&');
          }
          body.append(URLEncoder.encode(key, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return body.toString();
  }

  private static String reason(IOException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  private static String snippet(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body().strip();
    if (body.isEmpty()) {
      return "";
    }
    return ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
  }
}
