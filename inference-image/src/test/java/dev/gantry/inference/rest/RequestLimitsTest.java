package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import com.google.protobuf.ByteString;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.LimitsProfile;
import dev.gantry.inference.support.Rows;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gantry.limits.* on both bindings: each limit refuses with 400 / INVALID_ARGUMENT and names the
 * key, before anything the request declares is allocated; gRPC messages over the size limit are
 * refused by the transport with RESOURCE_EXHAUSTED. (The REST body limit: HttpErrorBodiesTest.)
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class RequestLimitsTest {

  private static final String INFER = "/v2/models/fraud/infer";

  @Inject GrpcServer server;
  private GrpcClient client;

  @BeforeEach
  void ready() {
    Json.awaitReady();
    client = new GrpcClient(server.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  private static void refused(String body, String message) {
    given()
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post(INFER)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", containsString(message));
  }

  private static String input(String name, String datatype, String shape, String data) {
    return "{\"name\": \""
        + name
        + "\", \"datatype\": \""
        + datatype
        + "\", \"shape\": "
        + shape
        + ", \"data\": "
        + data
        + "}";
  }

  @Test
  void restRequestsWithinTheLimitsAreServed() {
    given().body(Json.tabularRequest(Rows.tabular(1, 10))).post(INFER).then().statusCode(200);
  }

  @Test
  void restRefusesMoreInputsOrOutputsThanMaxTensors() {
    String one = input("input", "FP32", "[1, 4]", "[0, 0, 0, 0]");
    refused(
        "{\"inputs\": [" + one + "," + one + "," + one + "]}",
        "the request has 3 inputs; at most 2 are allowed (gantry.limits.max-tensors)");
    refused(
        "{\"inputs\": ["
            + one
            + "], \"outputs\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\":"
            + " \"c\"}]}",
        "the request has 3 outputs; at most 2 are allowed");
  }

  @Test
  void restRefusesAShapeDeclaringMoreThanMaxElementsWhateverTheData() {
    refused(
        "{\"inputs\": [" + input("input", "FP32", "[1000000000, 4]", "[1]") + "]}",
        "input 'input': shape [1000000000, 4] has a dimension over 40 elements"
            + " (gantry.limits.max-elements)");
    refused(
        "{\"inputs\": [" + input("input", "FP32", "[11, 4]", "[1]") + "]}",
        "input 'input': shape [11, 4] declares more than 40 elements");
    refused(
        "{\"inputs\": [" + input("input", "FP32", "[4294967296, 0]", "[]") + "]}",
        "has a dimension over 40 elements");
  }

  @Test
  void restRefusesDataWithMoreThanMaxElements() {
    refused(
        "{\"inputs\": [" + input("input", "FP32", "[1, 4]", "[" + "0,".repeat(40) + "0]") + "]}",
        "input 'input': data holds more than 40 elements (gantry.limits.max-elements)");
  }

  @Test
  void restRefusesBytesElementsLongerThanMaxElementBytes() {
    refused(
        "{\"inputs\": [" + input("input", "BYTES", "[1]", "[\"123456789\"]") + "]}",
        "input 'input': BYTES element 0 has 9 bytes; at most 8 are allowed"
            + " (gantry.limits.max-element-bytes)");
    // Multi-byte UTF-8 counts in bytes: 3 euro signs are 9 bytes.
    refused(
        "{\"inputs\": [" + input("input", "BYTES", "[1]", "[\"\u20ac\u20ac\u20ac\"]") + "]}",
        "has 9 bytes");
  }

  @Test
  void restRefusesBinaryDataOverTheLimits() {
    // 41 FP32 values as raw data: more elements than allowed.
    assertBinaryRefused(
        "FP32", "[1, 4]", 41 * 4, b -> b.position(41 * 4), "data holds more than 40 elements");
    // One BYTES element of 9 bytes.
    assertBinaryRefused(
        "BYTES",
        "[1]",
        13,
        b -> b.putInt(9).put("123456789".getBytes(StandardCharsets.UTF_8)),
        "BYTES element 0 has 9 bytes");
    // A length prefix of 2 GiB - 1 with 4 bytes of data: refused, nothing allocated for it.
    assertBinaryRefused(
        "BYTES",
        "[1]",
        8,
        b -> b.putInt(Integer.MAX_VALUE).putInt(0),
        "BYTES element length 2147483647 exceeds the data");
  }

  private static void assertBinaryRefused(
      String datatype, String shape, int size, Consumer<ByteBuffer> fill, String message) {
    byte[] json =
        ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \""
                + datatype
                + "\", \"shape\": "
                + shape
                + ", \"parameters\": {\"binary_data_size\": "
                + size
                + "}}]}")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(json.length + size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(json);
    ByteBuffer data = b.slice().order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(data);
    given()
        .header("Inference-Header-Content-Length", json.length)
        .contentType("application/octet-stream")
        .body(b.array())
        .post(INFER)
        .then()
        .statusCode(400)
        .body("error", containsString(message));
  }

  @Test
  void grpcRefusesWhatRestRefusesAsInvalidArgument() {
    ModelInferRequest.InferInputTensor ok = GrpcClient.fp32("input", Rows.tabular(1, 3));
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(ok)
            .addInputs(ok)
            .addInputs(ok),
        "the request has 3 inputs; at most 2 are allowed (gantry.limits.max-tensors)");
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(ok.toBuilder().clearShape().addShape(1_000_000_000L).addShape(4)),
        "shape [1000000000, 4] has a dimension over 40 elements");
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(GrpcClient.fp32("input", Rows.tabular(1, 11))),
        "declares more than 40 elements");
    InferTensorContents.Builder many = InferTensorContents.newBuilder();
    for (int i = 0; i < 41; i++) {
      many.addFp32Contents(0);
    }
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(ok.toBuilder().setContents(many)),
        "data holds more than 40 elements");
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(
                ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input")
                    .setDatatype("BYTES")
                    .addShape(1)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addBytesContents(ByteString.copyFromUtf8("123456789")))),
        "BYTES element 0 has 9 bytes; at most 8 are allowed");
    assertInvalid(
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(
                ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input")
                    .setDatatype("FP32")
                    .addShape(1)
                    .addShape(4))
            .addRawInputContents(ByteString.copyFrom(new byte[41 * 4])),
        "data holds more than 40 elements");
  }

  private void assertInvalid(ModelInferRequest.Builder request, String message) {
    assertThatThrownBy(() -> client.stub().modelInfer(request.build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  @Test
  void grpcRefusesMessagesOverTheSizeLimitAsResourceExhausted() {
    ModelInferRequest big =
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input"))
            .addRawInputContents(ByteString.copyFrom(new byte[70_000]))
            .build();
    assertThatThrownBy(() -> client.stub().modelInfer(big))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    // The channel and the server are fine afterwards.
    assertThat(
            client
                .stub()
                .modelInfer(
                    ModelInferRequest.newBuilder()
                        .setModelName("fraud")
                        .addInputs(GrpcClient.fp32("input", Rows.tabular(2, 5)))
                        .build())
                .getOutputsCount())
        .isEqualTo(1);
  }
}
