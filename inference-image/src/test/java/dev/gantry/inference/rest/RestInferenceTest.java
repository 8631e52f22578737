package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BaselineHeaders;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TabularProfile.class)
class RestInferenceTest {

  private static final String INFER = "/v2/models/fraud/infer";

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  @Test
  void serverIsLiveAndReady() {
    RestAssured.get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    RestAssured.get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    RestAssured.get("/v2/models/fraud/ready").then().statusCode(200).body("ready", equalTo(true));
    RestAssured.get("/v2/models/fraud/versions/7/ready").then().statusCode(200);
  }

  @Test
  void serverMetadataNamesTheServer() {
    RestAssured.get("/v2").then().statusCode(200).body("name", equalTo("gantry-inference"));
  }

  @Test
  void modelMetadataListsTheModelsRealTensors() {
    JsonNode meta =
        Json.read(RestAssured.get("/v2/models/fraud").then().statusCode(200).extract().asString());
    assertThat(meta.get("name").asText()).isEqualTo("fraud");
    assertThat(meta.get("versions").toString()).isEqualTo("[\"7\"]");
    assertThat(meta.get("platform").asText()).isEqualTo("onnxruntime_onnx");
    assertThat(meta.get("inputs").toString())
        .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
    assertThat(meta.get("outputs").toString())
        .isEqualTo("[{\"name\":\"output\",\"datatype\":\"FP32\",\"shape\":[-1,2]}]");
    RestAssured.get("/v2/models/fraud/versions/7").then().statusCode(200);
  }

  @Test
  void inferReturnsExactlyWhatAnInProcessSessionRunReturns() throws Exception {
    float[][] rows = Rows.tabular(21, 12);
    float[][] expected;
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      expected = ref.run(Map.of("input", rows), "output");
    }
    String body =
        given()
            .body(Json.tabularRequest(rows))
            .post(INFER)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    JsonNode response = Json.read(body);
    assertThat(response.get("model_name").asText()).isEqualTo("fraud");
    assertThat(response.get("model_version").asText()).isEqualTo("7");
    assertThat(response.at("/outputs/0/shape").toString()).isEqualTo("[12,2]");
    assertThat(Json.outputRows(response, "output", 2)).isDeepEqualTo(expected);
  }

  @Test
  void nestedDataIsReadRowMajorLikeFlatData() {
    float[][] rows = Rows.tabular(5, 2);
    String flat = Json.tabularRequest(rows);
    String nested =
        Json.write(
            Map.of(
                "inputs",
                List.of(
                    Map.of(
                        "name",
                        "input",
                        "datatype",
                        "FP32",
                        "shape",
                        List.of(2, 4),
                        "data",
                        rows))));
    String a =
        given()
            .body(flat)
            .post(INFER)
            .then()
            .statusCode(200)
            .extract()
            .path("outputs[0].data")
            .toString();
    String b =
        given()
            .body(nested)
            .post(INFER)
            .then()
            .statusCode(200)
            .extract()
            .path("outputs[0].data")
            .toString();
    assertThat(b).isEqualTo(a);
  }

  @Test
  void idAndParametersAreAcceptedAndIdIsEchoed() {
    Map<String, Object> request =
        Map.of(
            "id", "req-42",
            "parameters", Map.of("trace", true),
            "inputs", List.of(Json.fp32("input", Rows.tabular(1, 1))),
            "outputs", List.of(Map.of("name", "output")));
    given()
        .body(Json.write(request))
        .post(INFER)
        .then()
        .statusCode(200)
        .body("id", equalTo("req-42"));
  }

  @Test
  void versionedInferPathServesTheConfiguredVersion() {
    given()
        .body(Json.tabularRequest(Rows.tabular(1, 1)))
        .post("/v2/models/fraud/versions/7/infer")
        .then()
        .statusCode(200)
        .body("model_version", equalTo("7"));
  }

  @Test
  void binaryTensorDataGoesInAndComesBackRaw() throws Exception {
    float[][] rows = Rows.tabular(61, 3);
    ByteBuffer raw = ByteBuffer.allocate(3 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float v : row) {
        raw.putFloat(v);
      }
    }
    byte[] json =
        Json.write(
                Map.of(
                    "inputs",
                    List.of(
                        Map.of(
                            "name",
                            "input",
                            "datatype",
                            "FP32",
                            "shape",
                            List.of(3, 4),
                            "parameters",
                            Map.of("binary_data_size", 48))),
                    "outputs",
                    List.of(Map.of("name", "output", "parameters", Map.of("binary_data", true)))))
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[json.length + 48];
    System.arraycopy(json, 0, body, 0, json.length);
    System.arraycopy(raw.array(), 0, body, json.length, 48);
    var response =
        given()
            .header("Inference-Header-Content-Length", json.length)
            .contentType("application/octet-stream")
            .body(body)
            .post(INFER)
            .then()
            .statusCode(200)
            .extract();
    int jsonLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
    byte[] bytes = response.asByteArray();
    JsonNode head = Json.read(new String(bytes, 0, jsonLength, StandardCharsets.UTF_8));
    assertThat(head.at("/outputs/0/parameters/binary_data_size").asInt()).isEqualTo(3 * 2 * 4);
    assertThat(head.at("/outputs/0/data").isMissingNode()).isTrue();
    ByteBuffer out = ByteBuffer.wrap(bytes, jsonLength, 24).order(ByteOrder.LITTLE_ENDIAN);
    float[][] got = new float[3][2];
    for (int i = 0; i < 6; i++) {
      got[i / 2][i % 2] = out.getFloat();
    }
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      assertThat(got).isDeepEqualTo(ref.run(Map.of("input", rows), "output"));
    }
  }

  @Test
  void unknownModelOrVersionIsNotFound() {
    given()
        .body(Json.tabularRequest(Rows.tabular(1, 1)))
        .post("/v2/models/other/infer")
        .then()
        .statusCode(404)
        .body("error", containsString("'other'"));
    given()
        .body(Json.tabularRequest(Rows.tabular(1, 1)))
        .post("/v2/models/fraud/versions/3/infer")
        .then()
        .statusCode(404)
        .body("error", containsString("version '3'"));
    RestAssured.get("/v2/models/other").then().statusCode(404);
    RestAssured.get("/v2/models/other/ready").then().statusCode(404);
  }

  @Test
  void oversizedBodiesAreRefusedWith413BeforeTheyAreRead() throws IOException {
    // The server answers from the Content-Length header (200 KB against a 64 KB limit) and may
    // close the connection while a client is still sending, so a normal client can fail with a
    // broken pipe. Speak HTTP on a socket instead: send the headers only and read the answer.
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + INFER
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: 200000\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void baselineIsTheBaselineJsonTheModelWasLoadedWithAndNamesItsVersionAndFile() throws Exception {
    var response = RestAssured.get("/v2/models/fraud/baseline");
    response.then().statusCode(200).contentType("application/json");
    assertThat(response.header(BaselineHeaders.MODEL_VERSION)).isEqualTo("7");
    // The file beside the model (the profile's copy of the test models, not this class loader's).
    String uri = response.header(BaselineHeaders.BASELINE_URI);
    assertThat(uri).startsWith("file:///").endsWith("/tabular/baseline.json");
    Path file = Path.of(java.net.URI.create(uri));
    assertThat(response.header(BaselineHeaders.BASELINE_SHA256)).isEqualTo(Storage.sha256(file));
    ObjectMapper plain = new ObjectMapper();
    assertThat(plain.readTree(response.asString())).isEqualTo(plain.readTree(file.toFile()));
    RestAssured.get("/v2/models/fraud/versions/7/baseline").then().statusCode(200);
  }

  @Test
  void baselineOfAnotherModelOrVersionIsNotFound() {
    RestAssured.get("/v2/models/other/baseline")
        .then()
        .statusCode(404)
        .body("error", containsString("model 'other' is not served here"));
    RestAssured.get("/v2/models/fraud/versions/3/baseline")
        .then()
        .statusCode(404)
        .body("error", containsString("version '3'"));
  }

  @Test
  void statisticsShowBaselineAndLiveCountsSideBySide() {
    long before = liveCount();
    given().body(Json.tabularRequest(Rows.tabular(33, 10))).post(INFER).then().statusCode(200);
    JsonNode stats =
        Json.read(
            RestAssured.get("/v2/models/fraud/statistics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(stats.get("baseline_present").asBoolean()).isTrue();
    JsonNode f0 = stats.at("/features/0");
    assertThat(f0.get("name").asText()).isEqualTo("f0");
    assertThat(f0.get("input").asText()).isEqualTo("input");
    assertThat(f0.get("column").asInt()).isZero();
    assertThat(f0.at("/baseline/binEdges")).hasSize(TestModels.BINS + 1);
    assertThat(f0.at("/live/counts")).hasSize(TestModels.BINS);
    assertThat(f0.at("/live/binEdges")).isEqualTo(f0.at("/baseline/binEdges"));
    long sum = 0;
    for (JsonNode c : f0.at("/live/counts")) {
      sum += c.asLong();
    }
    assertThat(sum).isEqualTo(f0.at("/live/count").asLong());
    assertThat(liveCount()).isEqualTo(before + 10);
  }

  @Test
  void liveHistogramsUseTheSharedBinningRule() {
    // Values exactly on the baseline's edges must land where Bins.indexOf puts them.
    JsonNode stats = Json.read(RestAssured.get("/v2/models/fraud/statistics").asString());
    JsonNode edges = stats.at("/features/3/baseline/binEdges");
    long[] before = counts(stats.at("/features/3/live/counts"));
    float edge = edges.get(3).decimalValue().floatValue();
    float[][] rows = {{0, 0, 0, edge}};
    given().body(Json.tabularRequest(rows)).post(INFER).then().statusCode(200);
    List<Double> edgeList = new java.util.ArrayList<>();
    edges.forEach(e -> edgeList.add(e.asDouble()));
    int bin = dev.gantry.contract.Bins.indexOf(edgeList, edge);
    long[] after =
        counts(
            Json.read(RestAssured.get("/v2/models/fraud/statistics").asString())
                .at("/features/3/live/counts"));
    assertThat(after[bin]).isEqualTo(before[bin] + 1);
  }

  @Test
  void aClientCannotPassItsRequestOffAsWarmUpOnceTheServerIsReady() {
    String spoofed =
        Json.write(
            Map.of(
                "parameters",
                Map.of("gantry_warmup", true),
                "inputs",
                List.of(Json.fp32("input", Rows.tabular(5, 1)))));
    given().body(spoofed).post(INFER).then().statusCode(200);
    assertThat(RestAssured.get("/metrics").then().statusCode(200).extract().asString())
        .doesNotContain("gantry-warm-up")
        .contains(
            "gantry_inference_requests_total{model=\"fraud\",outcome=\"success\",protocol=\"rest\"}");
  }

  @Test
  void prometheusMetricsCoverRequestsLatencyBatchesLoadTimeAndFeatures() {
    given().body(Json.tabularRequest(Rows.tabular(2, 1))).post(INFER).then().statusCode(200);
    given().body("{}").post(INFER).then().statusCode(400);
    String metrics = RestAssured.get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "gantry_inference_requests_total{model=\"fraud\",outcome=\"success\",protocol=\"rest\"}")
        .contains(
            "gantry_inference_requests_total{model=\"fraud\",outcome=\"invalid\",protocol=\"rest\"}")
        .contains(
            "gantry_inference_request_duration_seconds_bucket{model=\"fraud\",protocol=\"rest\"")
        .contains("gantry_inference_queue_duration_seconds_bucket{model=\"fraud\"")
        .contains("gantry_inference_run_duration_seconds_bucket{model=\"fraud\"")
        .contains("gantry_inference_batch_size_rows_bucket{model=\"fraud\"")
        .contains("gantry_inference_model_load_seconds{model=\"fraud\"}")
        .contains("gantry_inference_feature_bin_total{bin=\"0\",feature=\"f0\"")
        // The warm-up's scratch meters are gone before readiness turns true.
        .doesNotContain("gantry-warm-up");
  }

  private static long liveCount() {
    return Json.read(RestAssured.get("/v2/models/fraud/statistics").asString())
        .at("/features/0/live/count")
        .asLong();
  }

  private static long[] counts(JsonNode node) {
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asLong();
    }
    return out;
  }
}
