package dev.gantry.operator.driftmonitor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Asks serving pods for their cumulative live statistics over HTTP. Thread-safe. */
public final class PodStatistics {
  private final HttpClient http;
  private final Duration timeout;

  public PodStatistics(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * What the pods answered, by pod UID, and why the others did not.
   *
   * @param answers statistics by pod UID
   * @param failures one line per pod that did not answer
   */
  public record Result(Map<String, ServerStatistics> answers, List<String> failures) {}

  /** Every endpoint's statistics for {@code model}; a pod that fails is reported, not fatal. */
  public Result fetch(List<ServingPods.Endpoint> endpoints, String model) {
    Map<String, ServerStatistics> answers = new HashMap<>();
    List<String> failures = new ArrayList<>();
    for (ServingPods.Endpoint endpoint : endpoints) {
      URI uri =
          endpoint
              .baseUrl()
              .resolve(
                  "/v2/models/"
                      + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                      + "/statistics");
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failures.add(endpoint.podName() + ": HTTP " + response.statusCode() + " from " + uri);
          continue;
        }
        answers.put(endpoint.podUid(), StatisticsParser.parse(response.body()));
      } catch (IOException | IllegalArgumentException e) {
        failures.add(endpoint.podName() + ": " + uri + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(endpoint.podName() + ": interrupted");
        break;
      }
    }
    return new Result(answers, failures);
  }
}
