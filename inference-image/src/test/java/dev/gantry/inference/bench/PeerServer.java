package dev.gantry.inference.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** KServe's Python ModelServer on onnxruntime (kserve_onnx_server.py) on 127.0.0.1. */
final class PeerServer implements AutoCloseable {

  final int httpPort;
  final int grpcPort;
  private final Process process;

  PeerServer(Path python, Path script, Path model, Path log) throws Exception {
    httpPort = LocalServers.freePort();
    grpcPort = LocalServers.freePort();
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
    LocalServers.awaitReady(
        process,
        URI.create("http://127.0.0.1:" + httpPort + "/v2/models/bench/ready"),
        Duration.ofSeconds(120),
        "KServe server");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
