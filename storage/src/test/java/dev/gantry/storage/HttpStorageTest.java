package dev.gantry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpStorageTest {
  static HttpServer server;
  static String base;
  static Storage storage;

  @TempDir Path work;

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/data/hello.txt", exchange -> respond(exchange, 200, "hello\n"));
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/data/hello.txt");
          respond(exchange, 302, "");
        });
    server.createContext("/broken", exchange -> respond(exchange, 503, "try later"));
    server.createContext("/", exchange -> respond(exchange, 404, "no"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    storage = new Storage(StorageConfig.fromEnvironment(Map.of()));
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
    storage.close();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void httpDownloadStreamsTheBodyAndVerifiesItsDigest() throws IOException {
    Download download =
        storage.download(
            base + "/data/hello.txt", work.resolve("hello.txt"), LocalStorageTest.HELLO_SHA256);

    assertThat(download.path()).hasContent("hello");
    assertThat(download.sha256()).isEqualTo(LocalStorageTest.HELLO_SHA256);
  }

  @Test
  void httpDownloadFollowsRedirects() throws IOException {
    Download download = storage.download(base + "/moved", work.resolve("hello.txt"), null);

    assertThat(download.path()).hasContent("hello");
  }

  @Test
  void http404IsReportedAsNotFoundAndWritesNothing() {
    Path target = work.resolve("missing.csv");

    assertThatThrownBy(() -> storage.download(base + "/data/missing.csv", target, null))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining(base + "/data/missing.csv")
        .hasMessageContaining("HTTP 404");
    assertThat(target).doesNotExist();
  }

  @Test
  void httpServerErrorIsAnIoExceptionNamingTheStatus() {
    assertThatThrownBy(() -> storage.download(base + "/broken", work.resolve("x"), null))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("HTTP status 503");
  }

  @Test
  void unreachableHostIsAnIoExceptionNamingTheUri() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String uri = "http://127.0.0.1:" + closedPort + "/data.csv";

    assertThatThrownBy(() -> storage.download(uri, work.resolve("x"), null))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("cannot connect to " + uri);
    assertThat(work.resolve("x")).doesNotExist();
  }

  @Test
  void httpChecksumMismatchLeavesNoFile() {
    Path target = work.resolve("hello.txt");

    assertThatThrownBy(() -> storage.download(base + "/data/hello.txt", target, "f".repeat(64)))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(target).doesNotExist();
  }
}
