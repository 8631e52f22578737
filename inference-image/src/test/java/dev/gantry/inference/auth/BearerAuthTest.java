package dev.gantry.inference.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelMetadataRequest;
import dev.gantry.inference.grpc.v2.ModelReadyRequest;
import dev.gantry.inference.grpc.v2.ServerLiveRequest;
import dev.gantry.inference.grpc.v2.ServerMetadataRequest;
import dev.gantry.inference.grpc.v2.ServerReadyRequest;
import dev.gantry.inference.support.AuthProfile;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.Rows;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer auth on (gantry.auth.token-file): inference and metadata need the token on both bindings;
 * health and metrics stay open; refusals are 401 with a JSON body and WWW-Authenticate, or
 * UNAUTHENTICATED; a rotated token file takes effect without a restart.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class BearerAuthTest {

  private static final String INFER = "/v2/models/fraud/infer";
  private static final String BEARER = "Bearer " + AuthProfile.TOKEN;

  @Inject GrpcServer server;
  private GrpcClient client;

  @BeforeEach
  void ready() {
    // Readiness is open: waiting on it needs no token. The model's warm-up went through the
    // server's own REST and gRPC endpoints with the token.
    Json.awaitReady();
    client = new GrpcClient(server.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private static RequestSpecification authorized() {
    return given().header("Authorization", BEARER);
  }

  @ParameterizedTest(name = "GET {0} is open")
  @ValueSource(
      strings = {
        "/v2/health/live",
        "/v2/health/ready",
        "/metrics",
        "/v2/models/fraud/statistics",
        "/v2/models/fraud/baseline"
      })
  void healthMetricsAndTheAggregatesTheOperatorReadsNeedNoToken(String path) {
    RestAssured.get(path).then().statusCode(200);
    given().header("Authorization", "Bearer wrong").get(path).then().statusCode(200);
  }

  @ParameterizedTest(name = "GET {0} needs the token")
  @ValueSource(
      strings = {
        "/v2",
        "/v2/models/fraud",
        "/v2/models/fraud/versions/7",
        "/v2/models/fraud/ready",
        "/v2/models/fraud/statistics/extra",
        "/v2/nothing",
        "/v2/health/../models/fraud"
      })
  void metadataAndEverythingElseNeedTheToken(String path) {
    RestAssured.get(path)
        .then()
        .statusCode(401)
        .contentType("application/json")
        .header("WWW-Authenticate", "Bearer realm=\"gantry-inference\"")
        .body("error", containsString("missing bearer token"));
    authorized().get(path).then().statusCode(org.hamcrest.Matchers.not(401));
  }

  @Test
  void inferenceWithoutTheTokenIsRefusedBeforeTheBodyIsRead() {
    String body = Json.tabularRequest(Rows.tabular(1, 2));
    given()
        .body(body)
        .post(INFER)
        .then()
        .statusCode(401)
        .contentType("application/json")
        .header("WWW-Authenticate", "Bearer realm=\"gantry-inference\"")
        .header("Connection", "close");
    authorized().body(body).post(INFER).then().statusCode(200);
  }

  @ParameterizedTest(name = "Authorization: {0} is refused")
  @ValueSource(
      strings = {
        "Bearer wrong",
        "Bearer " + AuthProfile.TOKEN + "x",
        "Bearer s3cret",
        "Basic czNjcmV0",
        "Bearer",
        "Bearer ",
        AuthProfile.TOKEN
      })
  void aWrongTokenOrSchemeIsRefused(String authorization) {
    given()
        .header("Authorization", authorization)
        .get("/v2/models/fraud")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .body("error", org.hamcrest.Matchers.notNullValue())
        .header("WWW-Authenticate", containsString("Bearer realm=\"gantry-inference\""));
  }

  @Test
  void aPresentedWrongTokenIsAnInvalidTokenError() {
    given()
        .header("Authorization", "Bearer wrong")
        .get("/v2")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer realm=\"gantry-inference\", error=\"invalid_token\"")
        .body("error", equalTo("invalid bearer token"));
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    given()
        .header("Authorization", "bearer  " + AuthProfile.TOKEN)
        .get("/v2")
        .then()
        .statusCode(200);
  }

  @Test
  void grpcHealthNeedsNoTokenButEverythingElseDoes() {
    assertThat(client.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(client.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
        .isTrue();
    assertUnauthenticated(
        () -> client.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance()), "missing");
    assertUnauthenticated(
        () ->
            client.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("fraud").build()),
        "missing");
    assertUnauthenticated(
        () -> client.stub().modelReady(ModelReadyRequest.newBuilder().setName("fraud").build()),
        "missing");
    assertUnauthenticated(() -> client.stub().modelInfer(infer()), "missing");
    assertUnauthenticated(() -> with(client.stub(), "Bearer wrong").modelInfer(infer()), "invalid");
    assertUnauthenticated(
        () -> with(client.stub(), AuthProfile.TOKEN).modelInfer(infer()), "invalid");
    assertThat(with(client.stub(), BEARER).modelInfer(infer()).getOutputsCount()).isEqualTo(1);
    assertThat(
            with(client.stub(), BEARER)
                .modelMetadata(ModelMetadataRequest.newBuilder().setName("fraud").build())
                .getName())
        .isEqualTo("fraud");
  }

  @Test
  void aRotatedTokenTakesEffectWithoutARestart() {
    try {
      AuthProfile.writeToken("rotated");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  given().header("Authorization", "Bearer rotated").get("/v2").statusCode() == 200);
      authorized().get("/v2").then().statusCode(401);
      assertUnauthenticated(() -> with(client.stub(), BEARER).modelInfer(infer()), "invalid");
      assertThat(with(client.stub(), "Bearer rotated").modelInfer(infer()).getOutputsCount())
          .isEqualTo(1);
    } finally {
      AuthProfile.writeToken(AuthProfile.TOKEN);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> authorized().get("/v2").statusCode() == 200);
    }
  }

  private static ModelInferRequest infer() {
    return ModelInferRequest.newBuilder()
        .setModelName("fraud")
        .addInputs(GrpcClient.fp32("input", Rows.tabular(1, 2)))
        .build();
  }

  private static GRPCInferenceServiceBlockingStub with(
      GRPCInferenceServiceBlockingStub stub, String authorization) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static void assertUnauthenticated(Runnable call, String why) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).contains(why);
            });
  }
}
