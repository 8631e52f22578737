package dev.gantry.inference.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged server (quarkus-run.jar) in a child JVM on 127.0.0.1, for the benchmark. */
final class ServerProcess implements AutoCloseable {

  final int httpPort;
  final int grpcPort;
  private final Process process;

  ServerProcess(Path jar, Map<String, String> config, Path log) throws Exception {
    httpPort = freePort();
    grpcPort = freePort();
    // The same java as the benchmark's own JVM.
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(
        List.of(
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + httpPort,
            "-Dgantry.grpc.host=127.0.0.1",
            "-Dgantry.grpc.port=" + grpcPort,
            "-jar",
            jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    process = pb.start();
    awaitReady();
  }

  private void awaitReady() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v2/health/ready"))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("server did not become ready in 90 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
