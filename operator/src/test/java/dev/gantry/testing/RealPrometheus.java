package dev.gantry.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the Debian package's binary, or GANTRY_PROMETHEUS_BIN) on loopback with
 * its own data directory. Targets are file-based service discovery, so tests add scrape targets
 * while it runs. {@link #stop()} kills it, for "metrics source down" tests; {@link #restart()}
 * brings it back on the same port and data.
 */
public final class RealPrometheus implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path home;
  private final int port;
  private final AtomicInteger targetFiles = new AtomicInteger();
  private Process process;

  private RealPrometheus(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  /** Starts Prometheus scraping every {@code scrapeInterval}, and waits until it is ready. */
  public static RealPrometheus start(Duration scrapeInterval) {
    try {
      Path home = Files.createTempDirectory("gantry-prometheus-");
      Files.createDirectories(home.resolve("targets"));
      String interval = scrapeInterval.toMillis() + "ms";
      Files.writeString(
          home.resolve("prometheus.yml"),
          """
          global:
            scrape_interval: %s
            scrape_timeout: %s
            evaluation_interval: %s
          scrape_configs:
            - job_name: gantry-test
              file_sd_configs:
                - files: ['%s/*.json']
                  refresh_interval: 1s
          """
              .formatted(interval, interval, interval, home.resolve("targets")));
      RealPrometheus prometheus = new RealPrometheus(home, freePort());
      prometheus.launch();
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary: GANTRY_PROMETHEUS_BIN, /usr/bin/prometheus, or prometheus on PATH. */
  public static Path binary() {
    String configured = System.getenv("GANTRY_PROMETHEUS_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Stream<Path> candidates =
        Stream.concat(
            Stream.of(Path.of("/usr/bin/prometheus")),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "prometheus")));
    return candidates
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "prometheus not found: install the Debian package 'prometheus' (.ci/run does)"
                        + " or set GANTRY_PROMETHEUS_BIN"));
  }

  /** Adds a scrape target; Prometheus picks it up within about a second. */
  public void addTarget(String job, String hostPort, String metricsPath) {
    addTarget(job, hostPort, metricsPath, Map.of());
  }

  /** Adds a scrape target whose series carry the given extra labels (e.g. namespace, pod). */
  public void addTarget(
      String job, String hostPort, String metricsPath, Map<String, String> labels) {
    Map<String, Object> labelSet = new java.util.LinkedHashMap<>(labels);
    labelSet.put("job", job);
    labelSet.put("__metrics_path__", metricsPath);
    Path file = home.resolve("targets/target-" + targetFiles.incrementAndGet() + ".json");
    try {
      Path partial = home.resolve("targets/.partial");
      Files.writeString(
          partial,
          JSON.writeValueAsString(
              List.of(Map.of("targets", List.of(hostPort), "labels", labelSet))));
      // file_sd reads *.json: a rename makes the new file appear whole.
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until every target has been scraped successfully at least once. */
  public void awaitTargetsUp(Duration timeout) {
    AtomicReference<String> last = new AtomicReference<>("no answer");
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .alias("Prometheus targets up; last seen: " + last)
        .until(
            () -> {
              JsonNode targets = get("/api/v1/targets").path("data").path("activeTargets");
              last.set(targets.toString());
              if (targets.isEmpty()) {
                return false;
              }
              for (JsonNode target : targets) {
                if (!"up".equals(target.path("health").asText())) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Waits until an instant query's first sample satisfies the predicate; returns that value. */
  public double awaitValue(String promql, DoublePredicate condition, Duration timeout) {
    AtomicReference<Double> seen = new AtomicReference<>();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .alias("Prometheus query " + promql)
        .until(
            () -> {
              JsonNode result = query(promql);
              if (result.isEmpty()) {
                return false;
              }
              double value = Double.parseDouble(result.path(0).path("value").path(1).asText());
              seen.set(value);
              return condition.test(value);
            });
    return seen.get();
  }

  /** The raw "result" array of an instant query. */
  public JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("data")
        .path("result");
  }

  /** Kills the server; its URL then refuses connections. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts it again on the same port with the same data and targets. */
  public void restart() {
    stop();
    launch();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** What Prometheus logged, for failure messages. */
  public String log() {
    try {
      return Files.readString(home.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temp dir left behind is harmless.
    }
  }

  private void launch() {
    try {
      process =
          new ProcessBuilder(
                  binary().toString(),
                  "--config.file=" + home.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + home.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--storage.tsdb.retention.time=1d")
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("prometheus.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary(), e);
    }
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("prometheus exited:\n" + log());
                }
                return status("/-/ready") == 200;
              });
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("prometheus did not become ready:\n" + log(), e);
    }
  }

  private int status(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
