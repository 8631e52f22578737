package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.RawHttp;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal, from any layer (the HTTP guard, JAX-RS, the codec), is the protocol's error body
 * {"error": "..."} with Content-Type application/json, never an HTML page or an empty body:
 * tritonclient and the KServe clients read that field.
 */
@QuarkusTest
@TestProfile(TabularProfile.class)
class HttpErrorBodiesTest {

  private static final String INFER = "/v2/models/fraud/infer";

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  private static ValidatableResponse jsonError(ValidatableResponse r, int status) {
    return r.statusCode(status)
        .contentType(startsWith("application/json"))
        .body("error", org.hamcrest.Matchers.notNullValue());
  }

  @ParameterizedTest(name = "GET {0} is a JSON 404")
  @ValueSource(
      strings = {
        "/v2/models/fraud/stats",
        "/v2/models/fraud/versions/7/nothing",
        "/v2/nothing",
        "/foo",
        "/q/nothing",
        "/"
      })
  void unknownPathsAreJson404s(String path) {
    jsonError(RestAssured.get(path).then(), 404).body("error", containsString(path));
  }

  @Test
  void wrongMethodsAreJson405s() {
    jsonError(RestAssured.get(INFER).then(), 405)
        .body("error", containsString("method GET is not allowed on " + INFER));
    jsonError(given().body("{}").put(INFER).then(), 405);
    jsonError(RestAssured.delete("/v2").then(), 405);
    jsonError(given().body("{}").post("/v2/health/live").then(), 405);
  }

  @Test
  void bodiesThatAreNotJsonAreJson415s() {
    jsonError(given().contentType("application/xml").body("<a/>").post(INFER).then(), 415)
        .body("error", containsString("Content-Type 'application/xml"));
    jsonError(
        given()
            .contentType("multipart/form-data; boundary=x")
            .body("--x--".getBytes(StandardCharsets.UTF_8))
            .post(INFER)
            .then(),
        415);
  }

  @Test
  void jsonTextAndCurlsFormTypeAreReadAsJson() {
    String body = Json.tabularRequest(Rows.tabular(1, 2));
    for (String type :
        new String[] {
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/octet-stream"
        }) {
      // rest-assured encodes form bodies from strings only, octet-stream bodies from bytes only.
      var request = given().contentType(type);
      request =
          type.startsWith("application/x-www-form")
              ? request.body(body)
              : request.body(body.getBytes(StandardCharsets.UTF_8));
      request.post(INFER).then().statusCode(200);
    }
  }

  @Test
  void aNonJsonAcceptHeaderIsAJson406() {
    jsonError(given().accept("application/xml").get("/v2").then(), 406);
  }

  @Test
  void malformedJsonIsAJson400() {
    jsonError(given().body("{\"inputs\": [").post(INFER).then(), 400)
        .body("error", containsString("not valid JSON"));
  }

  @Test
  void aBinaryHeaderThatIsNoNumberIsAJson400() {
    jsonError(
            given().header("Inference-Header-Content-Length", "abc").body("{}").post(INFER).then(),
            400)
        .body("error", containsString("Inference-Header-Content-Length must be a non-negative"));
    jsonError(
        given().header("Inference-Header-Content-Length", "-4").body("{}").post(INFER).then(), 400);
  }

  @Test
  void aContentLengthOverTheLimitIsAJson413BeforeTheBodyIsSent() throws Exception {
    RawHttp.Answer a =
        RawHttp.headOnly(
            "POST "
                + INFER
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200000");
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.headers()).containsEntry("content-type", "application/json");
    assertThat(a.headers()).containsEntry("connection", "close");
    assertThat(Json.read(a.body()).get("error").asText())
        .contains("200000 bytes")
        .contains("65536 bytes (gantry.limits.max-request-bytes)");
  }

  @Test
  void aChunkedBodyOverTheLimitIsAJson413() throws Exception {
    RawHttp.Answer a = RawHttp.chunked(INFER, 20, 8192);
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.headers().get("content-type")).isEqualTo("application/json");
    assertThat(Json.read(a.body()).get("error").asText())
        .contains("larger than 65536 bytes (gantry.limits.max-request-bytes)");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsServed() throws Exception {
    // 4 KB of whitespace is valid JSON padding only around a value; the codec's answer (400 for
    // an empty document) shows that the body was read, not refused as too large.
    RawHttp.Answer a = RawHttp.chunked(INFER, 4, 1024);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.headers().get("content-type")).isEqualTo("application/json");
  }

  @Test
  void theServerKeepsServingAfterRefusals() throws Exception {
    RawHttp.chunked(INFER, 20, 8192);
    RestAssured.get("/nothing");
    given().body(Json.tabularRequest(Rows.tabular(3, 4))).post(INFER).then().statusCode(200);
  }
}
