package dev.gantry.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.operator.prometheus.PrometheusQueryException.Kind;
import dev.gantry.testing.DcgmTestExporter;
import dev.gantry.testing.RealPrometheus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query client against a real Prometheus scraping a DCGM-format exporter, and broken peers. */
class PrometheusQueryClientTest {

  private static DcgmTestExporter dcgm;
  private static RealPrometheus prometheus;
  private static PrometheusQueryClient client;

  @BeforeAll
  static void startPrometheus() {
    dcgm = new DcgmTestExporter();
    dcgm.setPodUtilization("team-a", "train-0", 2, 37.5);
    dcgm.setUtilization("team-b", "idle-0", 0, 0);
    prometheus = RealPrometheus.start(Duration.ofMillis(500));
    prometheus.addTarget("dcgm", dcgm.hostPort(), "/metrics");
    prometheus.awaitTargetsUp(Duration.ofSeconds(30));
    prometheus.awaitValue("count(DCGM_FI_DEV_GPU_UTIL)", v -> v == 3, Duration.ofSeconds(30));
    client =
        new PrometheusQueryClient(
            URI.create(prometheus.url()), Duration.ofSeconds(5), Optional.empty());
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (dcgm != null) {
      dcgm.close();
    }
  }

  @Test
  void vectorQueryReturnsLabelsAndValuesPerPod() throws Exception {
    List<PromSample> samples = client.query("avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL)");

    assertThat(samples)
        .extracting(s -> s.label("namespace") + "/" + s.label("pod"), PromSample::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("team-a/train-0", 37.5),
            org.assertj.core.groups.Tuple.tuple("team-b/idle-0", 0.0));
  }

  @Test
  void engineActiveIsARatio() throws Exception {
    List<PromSample> samples =
        client.query("max by (pod) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{namespace=\"team-a\"})");

    assertThat(samples).singleElement().extracting(PromSample::value).isEqualTo(0.375);
  }

  @Test
  void scalarResultIsOneSampleWithoutLabels() throws Exception {
    assertThat(client.query("scalar(count(DCGM_FI_DEV_GPU_UTIL))"))
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).isEmpty())
        .extracting(PromSample::value)
        .isEqualTo(3.0);
  }

  @Test
  void emptyResultIsAnEmptyListNotAnError() throws Exception {
    assertThat(client.query("DCGM_FI_DEV_GPU_UTIL{pod=\"no-such-pod\"}")).isEmpty();
  }

  @Test
  void infinitiesAndNaNAreParsed() throws Exception {
    assertThat(client.query("vector(1) / 0"))
        .singleElement()
        .extracting(PromSample::value)
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(client.query("vector(0) / 0"))
        .singleElement()
        .extracting(PromSample::value)
        .satisfies(v -> assertThat(v).isNaN());
  }

  @Test
  void rangeQueryReturnsPointsInTimeOrder() throws Exception {
    Instant end = Instant.now();
    List<PromSeries> series =
        client.queryRange(
            "sum(DCGM_FI_DEV_GPU_UTIL)", end.minusSeconds(5), end, Duration.ofSeconds(1));

    assertThat(series)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.points())
                  .isNotEmpty()
                  .allSatisfy(p -> assertThat(p.value()).isEqualTo(75.0));
              assertThat(s.points())
                  .isSortedAccordingTo(java.util.Comparator.comparing(PromPoint::time));
            });
  }

  @Test
  void badPromQlIsAQueryErrorCarryingPrometheusReason() {
    assertThatThrownBy(() -> client.query("avg by (pod (DCGM_FI_DEV_GPU_UTIL)"))
        .isInstanceOfSatisfying(
            PrometheusQueryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.QUERY_ERROR))
        .hasMessageContaining("rejected the query (bad_data)")
        .hasMessageContaining("avg by (pod (DCGM_FI_DEV_GPU_UTIL)");
  }

  @Test
  void closedPortIsUnreachableNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrometheusQueryClient nobody =
        new PrometheusQueryClient(
            URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), Optional.empty());

    assertThatThrownBy(() -> nobody.query("up"))
        .isInstanceOfSatisfying(
            PrometheusQueryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + "/ unreachable");
  }

  @Test
  void silentServerTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      PrometheusQueryClient slow =
          new PrometheusQueryClient(
              URI.create("http://127.0.0.1:" + silent.getLocalPort()),
              Duration.ofMillis(300),
              Optional.empty());

      assertThatThrownBy(() -> slow.query("up"))
          .isInstanceOfSatisfying(
              PrometheusQueryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
          .hasMessageContaining("did not answer within PT0.3S");
    }
  }

  @Test
  void proxyErrorIsAnHttpStatusWithTheBody() throws Exception {
    HttpServer proxy = serve(503, "upstream connect error");
    try {
      assertThatThrownBy(() -> clientOf(proxy, Optional.empty()).query("up"))
          .isInstanceOfSatisfying(
              PrometheusQueryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS))
          .hasMessageContaining("answered HTTP 503: upstream connect error");
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void htmlInsteadOfJsonIsMalformed() throws Exception {
    HttpServer login = serve(200, "<html>please log in</html>");
    try {
      assertThatThrownBy(() -> clientOf(login, Optional.empty()).query("up"))
          .isInstanceOfSatisfying(
              PrometheusQueryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE))
          .hasMessageContaining("not the Prometheus query API's JSON");
    } finally {
      login.stop(0);
    }
  }

  @Test
  void authorizationHeaderAndFormBodyAreSent() throws Exception {
    AtomicReference<String> header = new AtomicReference<>();
    AtomicReference<String> body = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/prefix/api/v1/query",
        exchange -> {
          header.set(exchange.getRequestHeaders().getFirst("Authorization"));
          body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          respond(
              exchange,
              200,
              "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        });
    server.start();
    try {
      clientOf(server, Optional.of("Bearer s3cret")).query("up{job=\"a b\"}");

      assertThat(header.get()).isEqualTo("Bearer s3cret");
      assertThat(body.get()).isEqualTo("query=up%7Bjob%3D%22a+b%22%7D");
    } finally {
      server.stop(0);
    }
  }

  private static PrometheusQueryClient clientOf(HttpServer server, Optional<String> auth) {
    return new PrometheusQueryClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prefix"),
        Duration.ofSeconds(2),
        auth);
  }

  private static HttpServer serve(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> respond(exchange, status, body));
    server.start();
    return server;
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
