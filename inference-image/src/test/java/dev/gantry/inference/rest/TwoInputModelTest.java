package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.PairProfile;
import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(PairProfile.class)
class TwoInputModelTest {

  private static final float[][] A = {{1.5f, -2f, 3.25f}, {0.1f, 0.2f, 0.3f}};
  private static final float[][] B = {{4f, 5f, -6f}, {1e-7f, 3e7f, 0.7f}};

  @Inject GrpcServer grpc;

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  @Test
  void metadataListsBothInputsAndBothOutputs() {
    JsonNode meta = Json.read(RestAssured.get("/v2/models/pair").asString());
    assertThat(meta.get("inputs").findValuesAsText("name")).containsExactly("a", "b");
    assertThat(meta.get("outputs").findValuesAsText("name")).containsExactly("sum", "product");
  }

  @Test
  void bothInputsReachTheModelAndOutputsEqualSessionRun() throws Exception {
    String body = Json.write(Map.of("inputs", List.of(Json.fp32("b", B), Json.fp32("a", A))));
    JsonNode response =
        Json.read(
            given()
                .body(body)
                .post("/v2/models/pair/infer")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    try (ReferenceSession ref = new ReferenceSession(TestModels.pair())) {
      assertThat(Json.outputRows(response, "sum", 3))
          .isDeepEqualTo(ref.run(Map.of("a", A, "b", B), "sum"));
      assertThat(Json.outputRows(response, "product", 3))
          .isDeepEqualTo(ref.run(Map.of("a", A, "b", B), "product"));
    }
  }

  @Test
  void theOutputsFieldSelectsWhichOutputsComeBack() {
    String body =
        Json.write(
            Map.of(
                "inputs", List.of(Json.fp32("a", A), Json.fp32("b", B)),
                "outputs", List.of(Map.of("name", "product"))));
    JsonNode response =
        Json.read(
            given()
                .body(body)
                .post("/v2/models/pair/infer")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(response.get("outputs").findValuesAsText("name")).containsExactly("product");
  }

  @Test
  void aModelLoadedWithoutBaselineHasNoBaselineToServe() {
    RestAssured.get("/v2/models/pair/baseline")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", containsString("was loaded without baseline statistics (none at "))
        .body("error", containsString("baseline.json"));
  }

  @Test
  void aMissingSecondInputIsRefusedByName() {
    given()
        .body(Json.write(Map.of("inputs", List.of(Json.fp32("a", A)))))
        .post("/v2/models/pair/infer")
        .then()
        .statusCode(400)
        .body("error", containsString("input 'b' is missing"));
  }

  @Test
  void grpcCarriesBothInputs() throws Exception {
    try (GrpcClient client = new GrpcClient(grpc.port());
        ReferenceSession ref = new ReferenceSession(TestModels.pair())) {
      ModelInferResponse r =
          client
              .stub()
              .modelInfer(
                  ModelInferRequest.newBuilder()
                      .setModelName("pair")
                      .addInputs(GrpcClient.fp32("a", A))
                      .addInputs(GrpcClient.fp32("b", B))
                      .addOutputs(
                          ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("sum"))
                      .build());
      assertThat(r.getOutputsCount()).isEqualTo(1);
      float[][] sum = ref.run(Map.of("a", A, "b", B), "sum");
      for (int i = 0; i < 6; i++) {
        assertThat(r.getOutputs(0).getContents().getFp32Contents(i)).isEqualTo(sum[i / 3][i % 3]);
      }
    }
  }
}
