package dev.gantry.inference.bench;

import java.net.URI;
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
    httpPort = LocalServers.freePort();
    grpcPort = LocalServers.freePort();
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

  private void awaitReady() throws InterruptedException {
    LocalServers.awaitReady(
        process,
        URI.create("http://127.0.0.1:" + httpPort + "/v2/health/ready"),
        Duration.ofSeconds(90),
        "server");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
