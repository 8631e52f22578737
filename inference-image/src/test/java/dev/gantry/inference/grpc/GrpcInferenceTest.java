package dev.gantry.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.grpc.v2.ModelMetadataRequest;
import dev.gantry.inference.grpc.v2.ModelMetadataResponse;
import dev.gantry.inference.grpc.v2.ModelReadyRequest;
import dev.gantry.inference.grpc.v2.ServerLiveRequest;
import dev.gantry.inference.grpc.v2.ServerMetadataRequest;
import dev.gantry.inference.grpc.v2.ServerReadyRequest;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import dev.gantry.inference.support.TestModels;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TabularProfile.class)
class GrpcInferenceTest {

  @Inject GrpcServer server;
  private GrpcClient client;

  @BeforeEach
  void connect() {
    Json.awaitReady();
    client = new GrpcClient(server.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    client.close();
  }

  @Test
  void healthAndMetadataRpcsAnswer() {
    assertThat(client.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(client.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
        .isTrue();
    assertThat(
            client
                .stub()
                .modelReady(ModelReadyRequest.newBuilder().setName("fraud").build())
                .getReady())
        .isTrue();
    assertThat(client.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName())
        .isEqualTo("gantry-inference");
    ModelMetadataResponse meta =
        client.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("fraud").build());
    assertThat(meta.getVersionsList()).containsExactly("7");
    assertThat(meta.getInputs(0).getName()).isEqualTo("input");
    assertThat(meta.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(meta.getInputs(0).getShapeList()).containsExactly(-1L, 4L);
    assertThat(meta.getOutputs(0).getShapeList()).containsExactly(-1L, 2L);
  }

  @Test
  void modelInferWithTypedContentsEqualsAnInProcessSessionRun() throws Exception {
    float[][] rows = Rows.tabular(44, 6);
    ModelInferResponse response =
        client
            .stub()
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("fraud")
                    .setId("g-1")
                    .addInputs(GrpcClient.fp32("input", rows))
                    .build());
    assertThat(response.getId()).isEqualTo("g-1");
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(6L, 2L);
    float[][] got = new float[6][2];
    for (int i = 0; i < 12; i++) {
      got[i / 2][i % 2] = response.getOutputs(0).getContents().getFp32Contents(i);
    }
    assertThat(got).isDeepEqualTo(expected(rows));
  }

  @Test
  void rawInputContentsGetRawOutputContentsBack() throws Exception {
    float[][] rows = Rows.tabular(45, 3);
    ByteBuffer raw = ByteBuffer.allocate(3 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float v : row) {
        raw.putFloat(v);
      }
    }
    ModelInferResponse response =
        client
            .stub()
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("fraud")
                    .addInputs(
                        ModelInferRequest.InferInputTensor.newBuilder()
                            .setName("input")
                            .setDatatype("FP32")
                            .addShape(3)
                            .addShape(4))
                    .addRawInputContents(ByteString.copyFrom(raw.flip()))
                    .build());
    ByteBuffer out =
        response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[][] got = new float[3][2];
    for (int i = 0; i < 6; i++) {
      got[i / 2][i % 2] = out.getFloat();
    }
    assertThat(got).isDeepEqualTo(expected(rows));
  }

  @Test
  void invalidRequestsAreInvalidArgumentNamingTheInput() {
    ModelInferRequest wrongShape =
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(GrpcClient.fp32("input", new float[][] {{1, 2, 3}}))
            .build();
    assertThatThrownBy(() -> client.stub().modelInfer(wrongShape))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("input 'input': shape [1, 3] does not match the model's [-1, 4]");
            });
    ModelInferRequest badRaw =
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(
                ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input")
                    .setDatatype("FP32")
                    .addShape(1)
                    .addShape(4))
            .addRawInputContents(ByteString.copyFrom(new byte[7]))
            .build();
    assertThatThrownBy(() -> client.stub().modelInfer(badRaw))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("input 'input': raw data has 7 bytes, not a multiple of 4");
  }

  @Test
  void unknownModelIsNotFound() {
    assertThatThrownBy(
            () ->
                client
                    .stub()
                    .modelInfer(
                        ModelInferRequest.newBuilder()
                            .setModelName("nope")
                            .addInputs(GrpcClient.fp32("input", Rows.tabular(1, 1)))
                            .build()))
        .hasMessageContaining("NOT_FOUND");
    assertThatThrownBy(
            () ->
                client
                    .stub()
                    .modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()))
        .hasMessageContaining("NOT_FOUND");
  }

  /**
   * Found by ServerFuzzTest: bytes protobuf cannot parse used to end the call as UNKNOWN
   * ("Application error processing RPC") with a SEVERE stack trace logged per message.
   */
  @Test
  void messagesProtobufCannotParseAreInvalidArgument() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      MethodDescriptor<byte[], byte[]> raw =
          GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(BYTES, BYTES).build();
      // Field number 0 is no valid tag; then a length-delimited field longer than the message.
      for (byte[] message : new byte[][] {{0}, {0x0a, 0x7f, 0x01}}) {
        assertThatThrownBy(
                () ->
                    ClientCalls.blockingUnaryCall(
                        channel,
                        raw,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        message))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                  assertThat(e.getStatus().getDescription())
                      .startsWith("the message is not a valid protobuf");
                });
      }
    } finally {
      channel.shutdownNow();
    }
    // The server still serves well-formed messages.
    assertThat(
            client
                .stub()
                .modelInfer(
                    ModelInferRequest.newBuilder()
                        .setModelName("fraud")
                        .addInputs(GrpcClient.fp32("input", Rows.tabular(1, 1)))
                        .build())
                .getOutputsCount())
        .isEqualTo(1);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static float[][] expected(float[][] rows) throws Exception {
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      return ref.run(Map.of("input", rows), "output");
    }
  }
}
