package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TypesProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FP64, INT32, INT64, BOOL and BYTES through both protocols (FP32 is covered elsewhere). */
@QuarkusTest
@TestProfile(TypesProfile.class)
class AllDatatypesTest {

  private static final String REQUEST =
      """
      {"id": "types-1", "inputs": [
        {"name": "d", "datatype": "FP64", "shape": [2, 2], "data": [[1.5, -2.0], [1e-300, NaN]]},
        {"name": "i", "datatype": "INT32", "shape": [2], "data": [-2147483648, 7]},
        {"name": "l", "datatype": "INT64", "shape": [2, 2], "data": [9223372036854775807, 1, 2, -3]},
        {"name": "flag", "datatype": "BOOL", "shape": [2], "data": [true, false]},
        {"name": "text", "datatype": "BYTES", "shape": [2], "data": ["héllo", ""]}
      ]}
      """;

  @Inject GrpcServer grpc;

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  @Test
  void everyDatatypeRoundTripsOverRest() {
    JsonNode r =
        Json.read(
            given()
                .contentType(ContentType.JSON)
                .body(REQUEST.getBytes(StandardCharsets.UTF_8))
                .post("/v2/models/types/infer")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertThat(r.get("id").asText()).isEqualTo("types-1");
    JsonNode d = output(r, "d_out");
    assertThat(d.get("datatype").asText()).isEqualTo("FP64");
    assertThat(d.get("shape").toString()).isEqualTo("[2,2]");
    assertThat(d.at("/data/0").doubleValue()).isEqualTo(1.5);
    assertThat(d.at("/data/1").doubleValue()).isEqualTo(-2.0);
    assertThat(d.at("/data/2").doubleValue()).isEqualTo(1e-300);
    // NaN was let through (non-finite policy Allow) and comes back as the string "NaN".
    assertThat(d.at("/data/3").asText()).isEqualTo("NaN");
    assertThat(output(r, "i_out").get("data").toString()).isEqualTo("[-2147483648,7]");
    assertThat(output(r, "l_out").get("data").toString()).isEqualTo("[9223372036854775807,1,2,-3]");
    assertThat(output(r, "flag_out").get("data").toString()).isEqualTo("[false,true]");
    assertThat(output(r, "text_out").get("data").toString()).isEqualTo("[\"héllo\",\"\"]");
  }

  @Test
  void everyDatatypeRoundTripsOverGrpcWithTypedContents() throws Exception {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("types")
            .addInputs(
                input("d", "FP64", 2, 2)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addFp64Contents(1.5)
                            .addFp64Contents(-2)
                            .addFp64Contents(3)
                            .addFp64Contents(4)))
            .addInputs(
                input("i", "INT32", 2)
                    .setContents(
                        InferTensorContents.newBuilder().addIntContents(-1).addIntContents(7)))
            .addInputs(
                input("l", "INT64", 2, 2)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addInt64Contents(Long.MIN_VALUE)
                            .addInt64Contents(1)
                            .addInt64Contents(2)
                            .addInt64Contents(3)))
            .addInputs(
                input("flag", "BOOL", 2)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addBoolContents(true)
                            .addBoolContents(false)))
            .addInputs(
                input("text", "BYTES", 2)
                    .setContents(
                        InferTensorContents.newBuilder()
                            .addBytesContents(ByteString.copyFromUtf8("a"))
                            .addBytesContents(ByteString.copyFromUtf8("ü"))))
            .build();
    try (GrpcClient client = new GrpcClient(grpc.port())) {
      ModelInferResponse r = client.stub().modelInfer(request);
      assertThat(r.getOutputs(0).getContents().getFp64ContentsList())
          .containsExactly(1.5, -2.0, 3.0, 4.0);
      assertThat(r.getOutputs(1).getContents().getIntContentsList()).containsExactly(-1, 7);
      assertThat(r.getOutputs(2).getContents().getInt64ContentsList())
          .containsExactly(Long.MIN_VALUE, 1L, 2L, 3L);
      assertThat(r.getOutputs(3).getContents().getBoolContentsList()).containsExactly(false, true);
      assertThat(r.getOutputs(4).getContents().getBytesContentsList())
          .containsExactly(ByteString.copyFromUtf8("a"), ByteString.copyFromUtf8("ü"));
    }
  }

  @Test
  void everyDatatypeRoundTripsOverGrpcWithRawContents() throws Exception {
    ByteBuffer d = le(32).putDouble(1.5).putDouble(-2).putDouble(3).putDouble(4);
    ByteBuffer i = le(8).putInt(-1).putInt(7);
    ByteBuffer l = le(32).putLong(5).putLong(6).putLong(7).putLong(8);
    ByteBuffer flag = le(2).put((byte) 1).put((byte) 0);
    byte[] u = "ü".getBytes(StandardCharsets.UTF_8);
    ByteBuffer text = le(4 + 1 + 4 + u.length).putInt(1).put((byte) 'a').putInt(u.length).put(u);
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .setModelName("types")
            .addInputs(input("d", "FP64", 2, 2))
            .addInputs(input("i", "INT32", 2))
            .addInputs(input("l", "INT64", 2, 2))
            .addInputs(input("flag", "BOOL", 2))
            .addInputs(input("text", "BYTES", 2))
            .addRawInputContents(ByteString.copyFrom(d.flip()))
            .addRawInputContents(ByteString.copyFrom(i.flip()))
            .addRawInputContents(ByteString.copyFrom(l.flip()))
            .addRawInputContents(ByteString.copyFrom(flag.flip()))
            .addRawInputContents(ByteString.copyFrom(text.flip()))
            .build();
    try (GrpcClient client = new GrpcClient(grpc.port())) {
      ModelInferResponse r = client.stub().modelInfer(request);
      assertThat(r.getRawOutputContentsCount()).isEqualTo(5);
      assertThat(r.getRawOutputContents(0)).isEqualTo(request.getRawInputContents(0));
      assertThat(r.getRawOutputContents(1)).isEqualTo(request.getRawInputContents(1));
      assertThat(r.getRawOutputContents(2)).isEqualTo(request.getRawInputContents(2));
      assertThat(r.getRawOutputContents(3).toByteArray()).containsExactly(0, 1);
      assertThat(r.getRawOutputContents(4)).isEqualTo(request.getRawInputContents(4));
    }
  }

  private static ModelInferRequest.InferInputTensor.Builder input(
      String name, String datatype, long... shape) {
    ModelInferRequest.InferInputTensor.Builder b =
        ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long s : shape) {
      b.addShape(s);
    }
    return b;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static JsonNode output(JsonNode response, String name) {
    for (JsonNode o : response.get("outputs")) {
      if (o.get("name").asText().equals(name)) {
        return o;
      }
    }
    throw new AssertionError(name);
  }
}
