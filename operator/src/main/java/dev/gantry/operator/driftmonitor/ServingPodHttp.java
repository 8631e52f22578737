package dev.gantry.operator.driftmonitor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs from a serving pod's model endpoints ({@code /v2/models/{name}/...}). Thread-safe. */
public final class ServingPodHttp {
  private final HttpClient http;
  private final Duration timeout;

  public ServingPodHttp(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code /v2/models/<model>/<endpoint>}, the model name escaped as one path segment. */
  static String modelPath(String model, String endpoint) {
    return "/v2/models/"
        + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
        + "/"
        + endpoint;
  }

  /** The URL of {@link #modelPath} on {@code pod}. */
  static URI url(ServingPods.Endpoint pod, String model, String endpoint) {
    return pod.baseUrl().resolve(modelPath(model, endpoint));
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
