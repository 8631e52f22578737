package dev.gantry.operator.driftmonitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Asks serving pods for their cumulative live statistics over HTTP. Thread-safe. */
public final class PodStatistics {
  private final ServingPodHttp http;

  public PodStatistics(ServingPodHttp http) {
    this.http = http;
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
      URI uri = ServingPodHttp.url(endpoint, model, "statistics");
      try {
        HttpResponse<String> response = http.get(uri);
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
