package dev.gantry.inference.bench;

import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.PythonVenv;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TestModels;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Load generator against the packaged server (not a test): the in-process session.run floor (alone
 * and per row in a batch of 32), then REST and gRPC latency and throughput at concurrency 1, 16 and
 * 64, with batching on and off, on the Tribuo tabular model (4 features), one row per request; then
 * concurrency 16 and 64 on two MLPs, the larger one where session.run dominates a request (system
 * property {@code bench.models} picks a subset). Writes a Markdown report. The first request after
 * Ready has its own harness, {@link FirstRequestBenchmark}.
 *
 * <p>Run: {@code ./mvnw -B -pl inference-image -am verify -Pbench -DskipTests} (add {@code
 * -Dbench.peer=true} to measure KServe's Python ModelServer on the same model side by side; its
 * venv is provisioned like the compatibility test's). Arguments: quarkus-run.jar, report path,
 * seconds per cell (default 4), warm-up seconds (default 2), peer (default false).
 */
public final class InferenceBenchmark {

  private static final int[] CONCURRENCY = {1, 16, 64};
  private static final Path PYTHON_DIR = Path.of("src/test/python");
  private static final int BATCH = 32;

  /** A model under load: its label, file, the one row every request sends, concurrencies. */
  private record BenchModel(String label, Path path, float[][] row, int[] concurrencies) {}

  private InferenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path report = Path.of(args[1]);
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4;
    double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 2;
    Files.createDirectories(report.getParent());

    StringBuilder md = new StringBuilder();
    md.append(
        "| model | setup | protocol | concurrency | requests/s | p50 µs | p95 µs | p99 µs |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    Map<String, LoadCell.Result> results = new LinkedHashMap<>();

    float[][] tabularRow = Rows.tabular(99, 1);
    float[][] mlpRow = new float[1][64];
    for (int i = 0; i < 64; i++) {
      mlpRow[0][i] = (float) Math.sin(i);
    }
    List<BenchModel> models =
        List.of(
            new BenchModel("lr-4", TestModels.tabular(), tabularRow, CONCURRENCY),
            new BenchModel("mlp-64-512-512-2", TestModels.mlp(512), mlpRow, new int[] {16, 64}),
            new BenchModel("mlp-64-2048-2048-2", TestModels.mlp(2048), mlpRow, new int[] {16, 64}));
    Set<String> only = selected(System.getProperty("bench.models", ""));
    List<BenchModel> measured =
        models.stream().filter(m -> only.isEmpty() || only.contains(m.label())).toList();
    Map<String, double[]> floors = new LinkedHashMap<>();
    for (BenchModel m : measured) {
      double[] one = floor(m.path(), m.row()[0], 1);
      double[] batched = floor(m.path(), m.row()[0], BATCH);
      floors.put(m.label(), one);
      String lines =
          String.format(
              "| %s | in-process session.run (floor) | - | 1 | %.0f | %.1f | %.1f | %.1f |%n"
                  + "| %s | in-process session.run, batch of %d, per row | - | 1 | %.0f | %.1f | - | - |%n",
              m.label(),
              one[0],
              one[1],
              one[2],
              one[3],
              m.label(),
              BATCH,
              batched[0] * BATCH,
              batched[1] / BATCH);
      md.append(lines);
      System.out.print(lines);
    }
    for (BenchModel m : measured) {
      measure(jar, report, m, seconds, warmup, md, results);
    }

    boolean peer = args.length > 4 && Boolean.parseBoolean(args[4]);
    if (peer) {
      Path python =
          PythonVenv.ensure("kserve-0.21.0", PYTHON_DIR.resolve("requirements-kserve.txt"));
      try (PeerServer kserve =
          new PeerServer(
              python,
              PYTHON_DIR.resolve("kserve_onnx_server.py"),
              TestModels.tabular(),
              report.resolveSibling("server-kserve.log"))) {
        for (int c : CONCURRENCY) {
          LoadCell.Result r = restCell(kserve.httpPort, tabularRow, c, warmup, seconds);
          results.put("lr-4|kserve|rest|" + c, r);
          System.out.print(line(md, "lr-4", "KServe 0.21 ModelServer (Python)", "REST", r));
        }
        ManagedChannel channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", kserve.grpcPort).usePlaintext().build();
        try {
          for (int c : CONCURRENCY) {
            LoadCell.Result r =
                LoadCell.run(() -> grpcCall(channel, tabularRow), c, warmup, seconds);
            results.put("lr-4|kserve|grpc|" + c, r);
            System.out.print(line(md, "lr-4", "KServe 0.21 ModelServer (Python)", "gRPC", r));
          }
        } finally {
          channel.shutdownNow();
        }
      }
    }

    md.append("\nRatios\n\n");
    md.append(ratios(results, floors.get("lr-4"), peer));
    Files.writeString(report, md);
    System.out.println(md);
    System.out.println("report written to " + report);
  }

  /** The ratios, for the cells this run measured. */
  private static String ratios(
      Map<String, LoadCell.Result> results, double[] lrFloor, boolean peer) {
    StringBuilder md = new StringBuilder();
    if (results.containsKey("lr-4|batching off|rest|1")) {
      if (peer) {
        for (String protocol : List.of("rest", "grpc")) {
          for (int c : CONCURRENCY) {
            LoadCell.Result gantry = results.get("lr-4|batching off|" + protocol + "|" + c);
            LoadCell.Result kserve = results.get("lr-4|kserve|" + protocol + "|" + c);
            md.append(
                String.format(
                    "- lr-4: Gantry (batching off) / KServe, %s, concurrency %d: throughput %.2fx, p50 %.2fx%n",
                    protocol,
                    c,
                    gantry.throughput() / kserve.throughput(),
                    gantry.p50() / kserve.p50()));
          }
        }
      }
      md.append(
          String.format(
              "- lr-4: REST p50 at concurrency 1 minus the floor's p50: %.0f µs (target: within 1000 µs)%n",
              results.get("lr-4|batching off|rest|1").p50() - lrFloor[1]));
      for (String setup : List.of("batching off", "batching on")) {
        for (int c : CONCURRENCY) {
          md.append(
              String.format(
                  "- lr-4: gRPC / REST throughput, %s, concurrency %d: %.2fx%n",
                  setup,
                  c,
                  results.get("lr-4|" + setup + "|grpc|" + c).throughput()
                      / results.get("lr-4|" + setup + "|rest|" + c).throughput()));
        }
      }
    }
    for (String model : List.of("lr-4", "mlp-64-512-512-2", "mlp-64-2048-2048-2")) {
      for (String protocol : List.of("rest", "grpc")) {
        LoadCell.Result on = results.get(model + "|batching on|" + protocol + "|64");
        LoadCell.Result off = results.get(model + "|batching off|" + protocol + "|64");
        if (on != null && off != null) {
          md.append(
              String.format(
                  "- %s: batching on / off at concurrency 64, %s: throughput %.2fx, p95 %.2fx%n",
                  model, protocol, on.throughput() / off.throughput(), on.p95() / off.p95()));
        }
      }
    }
    return md.toString();
  }

  private static void measure(
      Path jar,
      Path report,
      BenchModel m,
      double seconds,
      double warmup,
      StringBuilder md,
      Map<String, LoadCell.Result> results)
      throws Exception {
    String label = m.label();
    float[][] row = m.row();
    for (boolean batching : new boolean[] {false, true}) {
      String setup = batching ? "batching on" : "batching off";
      Map<String, String> config =
          Map.of(
              "gantry.model.uri",
              m.path().toString(),
              "gantry.model.name",
              "bench",
              "gantry.work-dir",
              Files.createTempDirectory("gantry-bench").toString(),
              "gantry.batching.enabled",
              Boolean.toString(batching),
              "gantry.batching.max-batch-size",
              "32",
              "gantry.batching.max-delay",
              "2ms");
      Path log =
          report.resolveSibling(
              "server-" + label + "-" + (batching ? "batching" : "direct") + ".log");
      try (ServerProcess server = new ServerProcess(jar, config, log)) {
        for (int c : m.concurrencies()) {
          LoadCell.Result rest = restCell(server.httpPort, row, c, warmup, seconds);
          results.put(label + "|" + setup + "|rest|" + c, rest);
          System.out.print(line(md, label, setup, "REST", rest));
        }
        ManagedChannel channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort).usePlaintext().build();
        try {
          for (int c : m.concurrencies()) {
            LoadCell.Result grpc = LoadCell.run(() -> grpcCall(channel, row), c, warmup, seconds);
            results.put(label + "|" + setup + "|grpc|" + c, grpc);
            System.out.print(line(md, label, setup, "gRPC", grpc));
          }
        } finally {
          channel.shutdownNow();
        }
      }
    }
  }

  private static Set<String> selected(String models) {
    return models.isBlank() ? Set.of() : Set.of(models.split(","));
  }

  /** {runs/s, p50, p95, p99} of bare OrtModel.run on {@code batch} copies of a row, one thread. */
  private static double[] floor(Path model, float[] row, int batch) throws Exception {
    SessionFactory factory =
        new SessionFactory(
            new SessionFactory.Settings(
                "all",
                1,
                1,
                List.of("CPU"),
                false,
                Files.createTempDirectory("gantry-floor"),
                false));
    try (OrtModel ort = factory.create(model, null)) {
      float[] rows = new float[batch * row.length];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(row, 0, rows, i * row.length, row.length);
      }
      List<Tensor> input =
          List.of(new Tensor("input", Datatype.FP32, new long[] {batch, row.length}, rows));
      LoadCell.Result r = LoadCell.run(() -> () -> ort.run(input, Set.of()), 1, 2, 3);
      return new double[] {r.throughput(), r.p50(), r.p95(), r.p99()};
    }
  }

  /**
   * One client per cell, shared by its threads: HTTP/1.1 keep-alive connections from its pool, one
   * selector thread. (A client per thread cost the 2 cores 64 more selector threads at concurrency
   * 64, and made the REST cells noisier.)
   */
  private static LoadCell.Result restCell(
      int httpPort, float[][] row, int concurrency, double warmup, double seconds)
      throws Exception {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      return LoadCell.run(() -> restCall(client, httpPort, row), concurrency, warmup, seconds);
    }
  }

  private static LoadCell.Call restCall(HttpClient client, int httpPort, float[][] row) {
    // Warm this client outside any measurement.
    LoadCell.unchecked(
        () ->
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/v2/health/live"))
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/v2/models/bench/infer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.tabularRequest(row)))
            .build();
    return () -> {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
      }
    };
  }

  private static LoadCell.Call grpcCall(ManagedChannel channel, float[][] row) {
    var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("bench")
            .addInputs(GrpcClient.fp32("input", row))
            .build();
    return () -> stub.modelInfer(request);
  }

  private static String line(
      StringBuilder md, String model, String setup, String protocol, LoadCell.Result r) {
    String s =
        String.format(
            "| %s | server, %s | %s | %d | %.0f | %.0f | %.0f | %.0f |%n",
            model, setup, protocol, r.concurrency(), r.throughput(), r.p50(), r.p95(), r.p99());
    md.append(s);
    return s;
  }
}
