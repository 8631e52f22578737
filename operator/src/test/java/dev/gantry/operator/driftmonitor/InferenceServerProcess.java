package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real inference server (quarkus-run.jar) in a child JVM on 127.0.0.1, serving a model trained
 * by the training image; {@link #send} feeds it CSV rows through its v2 infer endpoint.
 */
final class InferenceServerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int BATCH = 100;

  final int port;
  private final Process process;
  private final Path log;

  private InferenceServerProcess(List<String> model, Path workDir) throws Exception {
    port = freePort();
    Files.createDirectories(workDir);
    log = workDir.resolve("server.log");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(ProcessJars.java(), "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
    command.addAll(model);
    command.addAll(
        List.of(
            "-Dgantry.model.name=fraud",
            "-Dgantry.grpc.enabled=false",
            // Generated rows may fall outside the training range; count them, serve them.
            "-Dgantry.validation.mode=Warn",
            "-Dgantry.work-dir=" + workDir,
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + port,
            "-jar",
            ProcessJars.inferenceServer().toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    process = pb.start();
    awaitReady();
  }

  static InferenceServerProcess start(Path model, Path workDir) throws Exception {
    return new InferenceServerProcess(List.of("-Dgantry.model.uri=" + model.toUri()), workDir);
  }

  /**
   * Serving {@code pvc://} model {@code modelUri} as version {@code version}, its claims mounted
   * under {@code pvcMountRoot} (as a serving pod mounts the claim of its namespace).
   */
  static InferenceServerProcess startFromClaim(
      Path pvcMountRoot, String modelUri, String version, Path workDir) throws Exception {
    return new InferenceServerProcess(
        List.of(
            "-Dgantry.model.pvc-mount-root=" + pvcMountRoot,
            "-Dgantry.model.uri=" + modelUri,
            "-Dgantry.model.version=" + version),
        workDir);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "inference server exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        var response =
            HTTP.send(
                HttpRequest.newBuilder(url().resolve("/v2/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("inference server not ready in 120 s; log: " + log);
  }

  /** Sends the rows of a generated CSV (all feature columns, the label left out) for inference. */
  void send(Path csv) throws Exception {
    send(Files.readAllLines(csv));
  }

  void send(List<String> csvLines) throws Exception {
    String[] header = csvLines.get(0).split(",");
    List<String[]> rows = new ArrayList<>();
    for (String line : csvLines.subList(1, csvLines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<String[]> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
      ObjectNode request = JSON.createObjectNode();
      ArrayNode inputs = request.putArray("inputs");
      for (int c = 0; c < header.length; c++) {
        if (header[c].equals("is_fraud")) {
          continue;
        }
        boolean numeric = isNumeric(batch, c);
        ObjectNode input = inputs.addObject();
        input.put("name", header[c]);
        input.put("datatype", numeric ? "FP32" : "BYTES");
        input.putArray("shape").add(batch.size()).add(1);
        ArrayNode data = input.putArray("data");
        for (String[] row : batch) {
          if (numeric) {
            data.add(Double.parseDouble(row[c]));
          } else {
            data.add(row[c]);
          }
        }
      }
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(url().resolve("/v2/models/fraud/infer"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("infer answer %s", response.body()).isEqualTo(200);
    }
  }

  private static boolean isNumeric(List<String[]> rows, int column) {
    for (String[] row : rows) {
      try {
        Double.parseDouble(row[column]);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
