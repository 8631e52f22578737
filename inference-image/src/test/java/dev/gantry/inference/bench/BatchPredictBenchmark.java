package dev.gantry.inference.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.PythonVenv;
import dev.gantry.inference.support.TestModels;
import java.io.BufferedWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch scoring throughput (not a test): for the tabular LR (500,000 and 5,000,000 rows) and the
 * 2048-wide MLP (50,000 rows), (a) {@code predict shard} of the packaged image as one process over
 * the whole file, ONNX Runtime pinned to one thread, once with the JVM options the image's
 * entrypoint gives predict steps and once with the JVM's defaults; (b) the Python way,
 * pandas.read_csv + InferenceSession.run in batches + to_csv, one thread; (c) the online server's
 * REST path at concurrency 64, 32 rows per request. Prints a Markdown table with ratios to Python.
 *
 * <p>Run: {@code ./mvnw -B -pl inference-image -am verify -Pbench-predict -DskipTests}. Arguments:
 * quarkus-run.jar, report path.
 */
public final class BatchPredictBenchmark {

  private static final Path PYTHON_DIR = Path.of("src/test/python");

  /** The JVM options the image's entrypoint adds to predict steps (one source for both). */
  private static final Path PREDICT_JAVA_OPTS = Path.of("src/main/docker/predict-java-opts");

  private record Cell(String model, String how, long rows, double wall, double step, double cpu) {}

  private BatchPredictBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path report = Path.of(args[1]);
    Files.createDirectories(report.getParent());
    Path dir = Files.createTempDirectory("gantry-batch-bench");
    Path python =
        PythonVenv.ensure("batch-pandas-2.3.3", PYTHON_DIR.resolve("requirements-batch.txt"));
    List<Cell> cells = new ArrayList<>();
    List<String> imageFlags = List.of(Files.readString(PREDICT_JAVA_OPTS).strip().split("\\s+"));
    // restRows 0: no REST cell (the REST path does not depend on the file's size).
    record M(String label, Path model, int width, int rows, int restRows) {}
    for (M m :
        List.of(
            new M("lr-4", TestModels.tabular(), 4, 500_000, 32),
            new M("lr-4 5M", TestModels.tabular(), 4, 5_000_000, 0),
            new M("mlp-64-2048-2048-2", TestModels.mlp(2048), 64, 50_000, 32))) {
      String file = m.label().replace(' ', '-');
      Path csv = csv(dir.resolve(file + ".csv"), m.width(), m.rows());
      cells.add(
          predictShard(
              jar,
              m.label(),
              "predict shard, image's JVM options",
              imageFlags,
              m.model(),
              csv,
              dir.resolve(file + "-out"),
              m.rows()));
      cells.add(
          predictShard(
              jar,
              m.label(),
              "predict shard, JVM defaults",
              List.of(),
              m.model(),
              csv,
              dir.resolve(file + "-out-defaults"),
              m.rows()));
      cells.add(pythonBaseline(python, m.label(), m.model(), csv, dir, m.width(), m.rows()));
      Files.delete(dir.resolve(m.label() + "-python.csv"));
      if (m.restRows() > 0) {
        cells.add(rest(jar, m.label(), m.model(), m.width(), m.restRows(), dir));
      }
      Files.delete(csv);
    }
    StringBuilder md = new StringBuilder();
    md.append(
        "| model | path | rows | wall s | step s | CPU s | rows/s (step) | rows/s per CPU-s |"
            + " vs Python (rows/s) | vs Python (per CPU-s) |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      Cell py =
          cells.stream()
              .filter(x -> x.model().equals(c.model()) && x.how().startsWith("Python"))
              .findFirst()
              .orElseThrow();
      md.append(
          String.format(
              "| %s | %s | %d | %.2f | %.2f | %s | %.0f | %s | %.2fx | %s |%n",
              c.model(),
              c.how(),
              c.rows(),
              c.wall(),
              c.step(),
              c.cpu() > 0 ? String.format("%.2f", c.cpu()) : "-",
              c.rows() / c.step(),
              c.cpu() > 0 ? String.format("%.0f", c.rows() / c.cpu()) : "-",
              (c.rows() / c.step()) / (py.rows() / py.step()),
              c.cpu() > 0
                  ? String.format("%.2fx", (c.rows() / c.cpu()) / (py.rows() / py.cpu()))
                  : "-"));
    }
    Files.writeString(report, md);
    System.out.println(md);
    System.out.println("report written to " + report);
  }

  /** Columns txn,f0..f{width-1}; N(0,1) floats. */
  private static Path csv(Path file, int width, int rows) throws Exception {
    Random r = new Random(1);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder("txn");
      for (int c = 0; c < width; c++) {
        line.append(",f").append(c);
      }
      w.write(line.append('\n').toString());
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        line.append('t').append(i);
        for (int c = 0; c < width; c++) {
          line.append(',').append((float) r.nextGaussian());
        }
        w.write(line.append('\n').toString());
      }
    }
    return file;
  }

  private static List<String> javaCommand(Path jar, Path workDir, Path model, Path msg) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ArrayList<>(
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Dgantry.model.uri=" + model,
            "-Dgantry.work-dir=" + workDir,
            "-Dgantry.session.intra-op-threads=1",
            "-Dgantry.predict.termination-message-path=" + msg,
            "-jar",
            jar.toString()));
  }

  private static Cell predictShard(
      Path jar,
      String label,
      String how,
      List<String> jvmFlags,
      Path model,
      Path csv,
      Path out,
      long rows)
      throws Exception {
    Path msg = out.resolveSibling(out.getFileName() + "-termination");
    List<String> base =
        javaCommand(jar, out.resolveSibling(out.getFileName() + "-work"), model, msg);
    base.addAll(1, jvmFlags);
    base.add(base.size() - 2, "-Dgantry.predict.inputs=" + csv.toUri());
    base.add(base.size() - 2, "-Dgantry.predict.output-uri=" + out.toUri());
    base.add(base.size() - 2, "-Dgantry.predict.shard-index=0");
    base.add(base.size() - 2, "-Dgantry.predict.id-column=txn");
    run(base, "predict", "plan");
    long t0 = System.nanoTime();
    ProcessHandle.Info info = run(base, "predict", "shard");
    double wall = (System.nanoTime() - t0) / 1e9;
    JsonNode r = Json.read(Files.readString(msg));
    if (!r.get("ok").asBoolean() || r.get("predicted").asLong() != rows) {
      throw new IllegalStateException("predict shard failed: " + r);
    }
    double cpu = info.totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    return new Cell(label, how + " (1 ORT thread)", rows, wall, r.get("seconds").asDouble(), cpu);
  }

  /** Runs the image to completion; the info holds its CPU time, read just before it exits. */
  private static ProcessHandle.Info run(List<String> base, String... args) throws Exception {
    List<String> command = new ArrayList<>(base);
    command.addAll(List.of(args));
    Path log = Files.createTempFile("gantry-batch-bench", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // /proc keeps a process's CPU time only while it lives: sample it until the exit.
    ProcessHandle.Info last = p.info();
    while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
      ProcessHandle.Info now = p.info();
      if (now.totalCpuDuration().isPresent()) {
        last = now;
      }
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", args) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
    }
    return last;
  }

  private static Cell pythonBaseline(
      Path python, String label, Path model, Path csv, Path dir, int width, long rows)
      throws Exception {
    StringBuilder features = new StringBuilder();
    for (int c = 0; c < width; c++) {
      features.append(c == 0 ? "" : ",").append('f').append(c);
    }
    List<String> command =
        List.of(
            python.toString(),
            PYTHON_DIR.resolve("batch_predict_baseline.py").toString(),
            model.toString(),
            csv.toString(),
            dir.resolve(label + "-python.csv").toString(),
            "4096",
            features.toString());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ProcessHandle.Info last = p.info();
    while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
      ProcessHandle.Info now = p.info();
      if (now.totalCpuDuration().isPresent()) {
        last = now;
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IllegalStateException("python baseline failed: " + out);
    }
    String[] lines = out.split("\n");
    String[] f = lines[lines.length - 1].trim().split(" ");
    double cpu = last.totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    return new Cell(
        label,
        "Python pandas + onnxruntime (1 thread)",
        Long.parseLong(f[1]),
        wall,
        Double.parseDouble(f[0]),
        cpu);
  }

  /** The online server's REST path: 64 threads each sending {@code rowsPerRequest} rows. */
  private static Cell rest(
      Path jar, String label, Path model, int width, int rowsPerRequest, Path dir)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command =
        javaCommand(jar, dir.resolve(label + "-serve"), model, dir.resolve("unused"));
    command.removeIf(a -> a.startsWith("-Dgantry.session.intra-op-threads"));
    command.add(command.size() - 2, "-Dquarkus.http.host=127.0.0.1");
    command.add(command.size() - 2, "-Dquarkus.http.port=" + port);
    command.add(command.size() - 2, "-Dgantry.grpc.enabled=false");
    command.add(command.size() - 2, "-Dgantry.model.name=bench");
    Process server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(label + "-server.log").toFile())
            .start();
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (true) {
        try {
          if (client
                  .send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            break;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline || !server.isAlive()) {
          throw new IllegalStateException("server did not become ready");
        }
        Thread.sleep(50);
      }
      float[][] rows = new float[rowsPerRequest][width];
      Random r = new Random(2);
      for (float[] row : rows) {
        for (int c = 0; c < width; c++) {
          row[c] = (float) r.nextGaussian();
        }
      }
      String name = "input";
      String body = Json.write(java.util.Map.of("inputs", List.of(Json.fp32(name, rows))));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/bench/infer"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .timeout(Duration.ofSeconds(30))
              .build();
      AtomicLong requests = new AtomicLong();
      double warmup = 2;
      double seconds = 5;
      long start = System.nanoTime();
      long measureFrom = start + (long) (warmup * 1e9);
      long end = measureFrom + (long) (seconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                          HttpResponse<byte[]> res =
                              client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                          if (res.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + res.statusCode());
                          }
                          if (now >= measureFrom) {
                            requests.incrementAndGet();
                          }
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long scored = requests.get() * rowsPerRequest;
      return new Cell(
          label,
          "online server REST, concurrency 64, " + rowsPerRequest + " rows/request",
          scored,
          seconds,
          seconds,
          -1);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
