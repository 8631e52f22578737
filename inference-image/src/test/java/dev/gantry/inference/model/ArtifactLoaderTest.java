package dev.gantry.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.ChecksumMismatchException;
import dev.gantry.storage.Storage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLoaderTest {

  @TempDir Path work;

  private ArtifactLoader loader(Path pvcRoot) {
    return new ArtifactLoader(ModelFetchers.create(pvcRoot), work);
  }

  @Test
  void aModelWithTheExpectedSha256LoadsWithTheBaselineBesideIt() throws Exception {
    String sha = Storage.sha256(TestModels.tabular());
    ModelArtifacts a =
        loader(work)
            .load(TestModels.tabular().toUri().toString(), sha.toUpperCase(), Optional.empty());
    assertThat(a.sha256()).isEqualTo(sha);
    assertThat(a.baseline()).hasValueSatisfying(b -> assertThat(b.features()).hasSize(4));
    Path baseline = TestModels.tabular().resolveSibling("baseline.json");
    String baselineSha = Storage.sha256(baseline);
    assertThat(a.baselineUri()).isEqualTo(baseline.toUri().toString());
    assertThat(a.baselineFile())
        .hasValueSatisfying(
            f -> {
              assertThat(f.uri()).isEqualTo(a.baselineUri());
              assertThat(f.sha256()).isEqualTo(baselineSha);
            });
  }

  @Test
  void aSha256MismatchRefusesTheModel() {
    assertThatThrownBy(
            () ->
                loader(work)
                    .load(TestModels.tabular().toString(), "00".repeat(32), Optional.empty()))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining("expected " + "00".repeat(32));
  }

  @Test
  void aMissingModelIsReportedAsMissing() {
    assertThatThrownBy(
            () -> loader(work).load(work.resolve("nope.onnx").toString(), null, Optional.empty()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope.onnx");
  }

  @Test
  void aModelWithoutBaselineLoadsWithoutOne() throws Exception {
    ModelArtifacts a = loader(work).load(TestModels.pair().toString(), null, Optional.empty());
    assertThat(a.baseline()).isEmpty();
    assertThat(a.sha256()).isEqualTo(Storage.sha256(TestModels.pair()));
  }

  @Test
  void pvcUrisResolveUnderTheMountRootAndMayNotEscapeIt() throws Exception {
    Path root = work.resolve("pvc");
    Files.createDirectories(root.resolve("models/fraud/7"));
    Files.copy(TestModels.pair(), root.resolve("models/fraud/7/model.onnx"));
    ModelArtifacts a = loader(root).load("pvc://models/fraud/7/model.onnx", null, Optional.empty());
    assertThat(a.model()).isEqualTo(root.resolve("models/fraud/7/model.onnx"));
    assertThatThrownBy(
            () -> loader(root).load("pvc://models/../../etc/passwd", null, Optional.empty()))
        .hasMessageContaining("escapes the mount root");
  }

  @Test
  void httpModelsAreDownloadedVerifiedAndLoadedWithTheirBaseline() throws Exception {
    HttpServer server =
        serve(
            Map.of(
                "/m/model.onnx", Files.readAllBytes(TestModels.tabular()),
                "/m/baseline.json",
                    Files.readAllBytes(TestModels.tabular().resolveSibling("baseline.json"))));
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/m/";
      String sha = Storage.sha256(TestModels.tabular());
      ModelArtifacts a = loader(work).load(base + "model.onnx", sha, Optional.empty());
      assertThat(a.model()).startsWith(work);
      assertThat(Storage.sha256(a.model())).isEqualTo(sha);
      assertThat(a.baseline()).isPresent();
      assertThatThrownBy(
              () -> loader(work).load(base + "model.onnx", "0".repeat(64), Optional.empty()))
          .isInstanceOf(ChecksumMismatchException.class);
      assertThatThrownBy(() -> loader(work).load(base + "missing.onnx", null, Optional.empty()))
          .isInstanceOf(NoSuchFileException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRemoteModelWithoutBaselineLoadsWithoutOne() throws Exception {
    HttpServer server = serve(Map.of("/p/model.onnx", Files.readAllBytes(TestModels.pair())));
    try {
      String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/p/model.onnx";
      assertThat(loader(work).load(uri, null, Optional.empty()).baseline()).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  /** A local HTTP server (127.0.0.1, any port) answering the given paths, 404 otherwise. */
  private static HttpServer serve(Map<String, byte[]> files) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = files.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    return server;
  }
}
