package dev.gantry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built operator (target/quarkus-app) running as a real process, as it runs in its container.
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the operator with the given kubeconfig contents. */
  public static OperatorProcess start(String kubeconfigYaml) throws IOException {
    return start(kubeconfigYaml, Map.of());
  }

  /** Starts the operator with the given kubeconfig and extra environment (GANTRY_*, QUARKUS_*). */
  public static OperatorProcess start(String kubeconfigYaml, Map<String, String> env)
      throws IOException {
    Path dir = Files.createTempDirectory("gantry-operator");
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfigYaml);
    Path log = dir.resolve("operator.log");
    int port = freePort();
    String jar = System.getProperty("gantry.operator.jar", "target/quarkus-app/quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of("KUBECONFIG", kubeconfig.toString(), "QUARKUS_HTTP_PORT", String.valueOf(port)));
    builder.environment().putAll(env);
    return new OperatorProcess(builder.start(), log, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** GET a path of the operator's HTTP server; status and body. */
  public HttpResponse<String> get(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("operator not answering on " + port + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the HTTP server answers at all (started), whatever readiness says. */
  public OperatorProcess awaitStarted() {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> get("/q/health/started").statusCode() == 200);
    return this;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "<no log: " + e.getMessage() + ">";
    }
  }

  /** The operating-system process id, e.g. to read its memory use from /proc. */
  public long pid() {
    return process.pid();
  }

  /** The exit code of a process that has ended. */
  public int exitCode() {
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL ({@code kill -9}): no shutdown hook runs, the Lease is not released. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes stops a pod; returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("operator did not stop within 30 s of SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
