package dev.gantry.inference.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** KServe's Python ModelServer on onnxruntime (kserve_onnx_server.py) on 127.0.0.1. */
final class PeerServer implements AutoCloseable {

  final int httpPort;
  final int grpcPort;
  private final Process process;

  PeerServer(Path python, Path script, Path model, Path log) throws Exception {
    httpPort = freePort();
    grpcPort = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    python.toString(),
                    script.toString(),
                    model.toString(),
                    Integer.toString(httpPort),
                    Integer.toString(grpcPort)))
            .redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    process = pb.start();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/v2/models/bench/ready"))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("KServe server exited with " + process.exitValue());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("KServe server did not become ready in 120 s");
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
