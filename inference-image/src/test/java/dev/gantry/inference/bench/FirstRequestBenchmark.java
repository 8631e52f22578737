package dev.gantry.inference.bench;

import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelMetadataRequest;
import dev.gantry.inference.grpc.v2.ServerLiveRequest;
import dev.gantry.inference.grpc.v2.ServerMetadataRequest;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first inference request after Ready against a steady one, over several fresh server starts,
 * kept apart from the client's own first-call costs: the load generator's JVM is warmed on a
 * throwaway start first, and on every start the client opens its connection and calls other
 * endpoints (live, server and model metadata) before the first inference request. Per start and
 * protocol (each start serves only one protocol's first request, so neither warms the other):
 *
 * <ul>
 *   <li>server side: the first request's {@code gantry_inference_request_duration_seconds} against
 *       the mean of requests 201-500 from the same histogram (engine time: validation, batching,
 *       session.run, metrics and statistics; not the HTTP/gRPC and codec layers);
 *   <li>end to end: the warmed client's wall time of the first request against the median of
 *       requests 201-500 on the same connection.
 * </ul>
 *
 * Two controls. Five more steady-state requests each follow a 300 ms pause (the first request, too,
 * follows a pause: readiness polling, connection set-up): their median, server side and end to end,
 * is the cost of any request that finds the server idle. Then the client does nothing for as long
 * as the server took to start, opens a second connection the same way and times its first inference
 * request: the same request against the same, by then long-warm, server, after the same client
 * idleness and connection set-up. Whatever the first request after Ready costs beyond this one is
 * the server's missing warm-up; what both cost beyond a steady request is the client's and the
 * connection's.
 *
 * <p>Arguments: the quarkus-run.jar, the number of measured starts per protocol, batching on/off.
 */
public final class FirstRequestBenchmark {

  private static final Pattern SUM =
      Pattern.compile(
          "gantry_inference_request_duration_seconds_sum\\{[^}]*protocol=\"(\\w+)\"[^}]*} (\\S+)");
  private static final Pattern COUNT =
      Pattern.compile(
          "gantry_inference_request_duration_seconds_count\\{[^}]*protocol=\"(\\w+)\"[^}]*} (\\S+)");

  private FirstRequestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean batching = args.length > 2 && Boolean.parseBoolean(args[2]);
    Path model = TestModels.tabular();
    float[][] row = Rows.tabular(99, 1);
    for (String protocol : List.of("rest", "grpc")) {
      List<Double> server = new ArrayList<>();
      List<Double> client = new ArrayList<>();
      List<Double> serverIdle = new ArrayList<>();
      List<Double> clientIdle = new ArrayList<>();
      List<Double> serverFresh = new ArrayList<>();
      List<Double> clientFresh = new ArrayList<>();
      for (int i = 0; i <= starts; i++) {
        Map<String, String> config =
            Map.of(
                "gantry.model.uri",
                model.toString(),
                "gantry.model.name",
                "bench",
                "gantry.work-dir",
                Files.createTempDirectory("gantry-first").toString(),
                "gantry.batching.enabled",
                Boolean.toString(batching),
                "gantry.batching.max-batch-size",
                "32",
                "gantry.batching.max-delay",
                "2ms");
        Path log = Files.createTempFile("gantry-first-" + protocol, ".log");
        long starting = System.nanoTime();
        try (ServerProcess s = new ServerProcess(jar, config, log)) {
          long startMillis = (System.nanoTime() - starting) / 1_000_000;
          double[] r;
          try (Connection c = connect(protocol, s, row)) {
            r = measure(c);
          }
          // The control: same client idleness as during the server's start, a new connection.
          Thread.sleep(startMillis);
          double[] fresh;
          try (Connection c = connect(protocol, s, row)) {
            fresh = firstOnly(c);
          }
          String line =
              String.format(
                  Locale.ROOT,
                  "%s start %d%s: server %.0f µs / %.0f µs = %.2fx; client %.0f µs / %.0f µs = %.2fx;"
                      + " after 300 ms idle (steady state): server %.0f µs, client %.0f µs;"
                      + " new connection to the warm server after %d ms idle: server %.0f µs,"
                      + " client %.0f µs",
                  protocol,
                  i,
                  i == 0 ? " (client JVM warm-up, not counted)" : "",
                  r[0],
                  r[1],
                  r[0] / r[1],
                  r[2],
                  r[3],
                  r[2] / r[3],
                  r[4],
                  r[5],
                  startMillis,
                  fresh[0],
                  fresh[1]);
          System.out.println(line);
          if (i > 0) {
            server.add(r[0] / r[1]);
            client.add(r[2] / r[3]);
            serverIdle.add(r[0] / r[4]);
            clientIdle.add(r[2] / r[5]);
            serverFresh.add(r[0] / fresh[0]);
            clientFresh.add(r[2] / fresh[1]);
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%s, batching %s, median over %d starts: first / back-to-back steady: server-side %.2fx,"
              + " warmed client %.2fx; first / steady after 300 ms idle: server-side %.2fx,"
              + " warmed client %.2fx; first / first on a new connection to the warm server after"
              + " the same idle time: server-side %.2fx, warmed client %.2fx%n",
          protocol,
          batching ? "on" : "off",
          starts,
          median(server),
          median(client),
          median(serverIdle),
          median(clientIdle),
          median(serverFresh),
          median(clientFresh));
    }
  }

  /** A client connection, opened and used for the non-inference calls, ready to infer. */
  interface Connection extends AutoCloseable {
    void infer() throws Exception;

    /** {sum seconds, count} of the server's request histogram for this protocol. */
    double[] metrics() throws Exception;
  }

  private static Connection connect(String protocol, ServerProcess s, float[][] row)
      throws Exception {
    return protocol.equals("rest") ? rest(s, row) : grpc(s, row);
  }

  private static Connection rest(ServerProcess s, float[][] row) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + s.httpPort;
    for (String path : List.of("/v2/health/live", "/v2", "/v2/models/bench")) {
      get(http, base + path);
    }
    HttpRequest infer =
        HttpRequest.newBuilder(URI.create(base + "/v2/models/bench/infer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.tabularRequest(row)))
            .build();
    return new Connection() {
      @Override
      public void infer() throws Exception {
        HttpResponse<byte[]> r = http.send(infer, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + r.statusCode());
        }
      }

      @Override
      public double[] metrics() throws Exception {
        return FirstRequestBenchmark.metrics(http, base, "rest");
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }

  private static Connection grpc(ServerProcess s, float[][] row) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + s.httpPort;
    get(http, base + "/v2/health/live");
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", s.grpcPort).usePlaintext().build();
    var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    stub.serverLive(ServerLiveRequest.getDefaultInstance());
    stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
    stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("bench").build());
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("bench")
            .addInputs(GrpcClient.fp32("input", row))
            .build();
    return new Connection() {
      @Override
      public void infer() {
        stub.modelInfer(request);
      }

      @Override
      public double[] metrics() throws Exception {
        return FirstRequestBenchmark.metrics(http, base, "grpc");
      }

      @Override
      public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        http.close();
      }
    };
  }

  /** {server µs, client µs} of the connection's first inference request. */
  private static double[] firstOnly(Connection c) throws Exception {
    double[] before = c.metrics();
    long t0 = System.nanoTime();
    c.infer();
    double client = (System.nanoTime() - t0) / 1000.0;
    double[] after = c.metrics();
    return new double[] {(after[0] - before[0]) * 1e6, client};
  }

  /**
   * {server first µs, server steady mean µs, client first µs, client steady median µs, server
   * after-idle median µs, client after-idle median µs}.
   */
  private static double[] measure(Connection c) throws Exception {
    LoadCell.Call call = c::infer;
    double[] beforeFirst = c.metrics();
    long t0 = System.nanoTime();
    call.run();
    double clientFirst = (System.nanoTime() - t0) / 1000.0;
    double[] afterFirst = c.metrics();
    if (afterFirst[1] - beforeFirst[1] != 1) {
      throw new IllegalStateException("expected one counted request, got " + afterFirst[1]);
    }
    for (int i = 0; i < 199; i++) {
      call.run();
    }
    double[] before = c.metrics();
    long[] steady = new long[300];
    for (int i = 0; i < steady.length; i++) {
      long t = System.nanoTime();
      call.run();
      steady[i] = System.nanoTime() - t;
    }
    double[] after = c.metrics();
    // Control: a steady-state request after the same kind of idle pause the first one follows.
    double[] idle = new double[5];
    double[] idleClient = new double[5];
    for (int i = 0; i < idle.length; i++) {
      Thread.sleep(300);
      double[] b = c.metrics();
      long t = System.nanoTime();
      call.run();
      idleClient[i] = (System.nanoTime() - t) / 1000.0;
      idle[i] = (c.metrics()[0] - b[0]) * 1e6;
    }
    Arrays.sort(idle);
    Arrays.sort(idleClient);
    Arrays.sort(steady);
    double serverSteady = (after[0] - before[0]) / (after[1] - before[1]) * 1e6;
    return new double[] {
      (afterFirst[0] - beforeFirst[0]) * 1e6,
      serverSteady,
      clientFirst,
      steady[steady.length / 2] / 1000.0,
      idle[idle.length / 2],
      idleClient[idleClient.length / 2]
    };
  }

  private static double[] metrics(HttpClient http, String base, String protocol) throws Exception {
    String text = get(http, base + "/metrics");
    return new double[] {value(SUM, text, protocol), value(COUNT, text, protocol)};
  }

  private static double value(Pattern p, String text, String protocol) {
    Matcher m = p.matcher(text);
    double total = 0;
    while (m.find()) {
      if (m.group(1).equals(protocol)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": HTTP " + r.statusCode());
    }
    return r.body();
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
