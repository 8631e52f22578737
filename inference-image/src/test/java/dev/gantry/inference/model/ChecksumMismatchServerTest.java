package dev.gantry.inference.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gantry.inference.support.ChecksumMismatchProfile;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ChecksumMismatchProfile.class)
class ChecksumMismatchServerTest {

  @Test
  void aServerWhoseModelFailsItsSha256StaysLiveButNeverServes() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> RestAssured.get("/v2/health/ready").asString().contains("sha256 mismatch"));
    RestAssured.get("/v2/health/live").then().statusCode(200);
    RestAssured.get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));
    RestAssured.get("/v2/models/fraud/ready").then().statusCode(503);
    given()
        .body(Json.tabularRequest(Rows.tabular(1, 1)))
        .post("/v2/models/fraud/infer")
        .then()
        .statusCode(503)
        .body("error", containsString("failed to load"))
        .body("error", containsString("sha256 mismatch"));
  }
}
