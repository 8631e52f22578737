package dev.gantry.inference.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.TabularProfile;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server end to end under hostile input: mutated, chaotic and binary-extension bodies with
 * random Content-Types, binary headers and paths over REST, and chaotic, mutated and unparseable
 * messages over gRPC, against the served tabular model. Every answer is a success or the client's
 * fault (4xx with a JSON {"error"} body; INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED), never a
 * 5xx or INTERNAL/UNKNOWN, and the server still serves afterwards. 300 requests per binding in CI;
 * the fuzz profile runs each for its time budget (docs/fuzzing.md).
 */
@QuarkusTest
@TestProfile(TabularProfile.class)
class ServerFuzzTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<Status.Code> CLIENT_FAULTS =
      Set.of(
          Status.Code.OK,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.RESOURCE_EXHAUSTED);

  @Inject GrpcServer grpcServer;

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  /** One REST request: path, Content-Type (null: none), binary header (null: none), body. */
  record RestCase(String path, String contentType, String binaryHeader, byte[] body) {
    @Override
    public String toString() {
      return "POST "
          + path
          + " Content-Type="
          + contentType
          + " Inference-Header-Content-Length="
          + binaryHeader
          + " body="
          + Requests.utf8(body.length > 500 ? java.util.Arrays.copyOf(body, 500) : body);
    }
  }

  @Test
  void restAnswersEveryHostileRequestWithSuccessOrAJsonClientError() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Sampler<RestCase> cases = Sampler.of(restCases());
    while (cases.hasNext()) {
      RestCase c = cases.next();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + c.path()))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
      if (c.contentType() != null) {
        request.header("Content-Type", c.contentType());
      }
      if (c.binaryHeader() != null) {
        request.header("Inference-Header-Content-Length", c.binaryHeader());
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // An oversized body may be cut off by the 413 and its connection close mid-upload.
        assertThat(c.body().length).as(cases.where() + ": " + c + ": " + e).isGreaterThan(65536);
        continue;
      }
      String what = cases.where() + ": " + c + " -> " + response.statusCode();
      assertThat(response.statusCode()).as(what).isLessThan(500);
      if (response.statusCode() >= 400) {
        assertThat(response.headers().firstValue("Content-Type"))
            .as(what)
            .hasValue("application/json");
        JsonNode error = MAPPER.readTree(response.body());
        assertThat(error.path("error").isTextual()).as(what).isTrue();
      }
    }
    System.out.println("REST fuzz: " + cases.drawn() + " requests");
    RestAssured.get("/v2/health/ready").then().statusCode(200);
  }

  @Test
  void grpcAnswersEveryHostileMessageWithSuccessOrAClientError() throws Exception {
    try (GrpcClient client = new GrpcClient(grpcServer.port())) {
      Sampler<ModelInferRequest> messages = Sampler.of(grpcMessages());
      while (messages.hasNext()) {
        ModelInferRequest m = messages.next();
        Status.Code code;
        try {
          client.stub().modelInfer(m);
          code = Status.Code.OK;
        } catch (StatusRuntimeException e) {
          code = e.getStatus().getCode();
          assertThat(code)
              .as(messages.where() + ": " + m + " -> " + e.getStatus())
              .isIn(CLIENT_FAULTS);
        }
      }
      System.out.println("gRPC fuzz: " + messages.drawn() + " messages");
    }
  }

  /** Bytes that are no protobuf at all are refused by the transport, not answered INTERNAL. */
  @Test
  void grpcRefusesUnparseableMessagesAsInvalid() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
    try {
      MethodDescriptor<byte[], byte[]> raw =
          GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(BYTES, BYTES).build();
      Sampler<byte[]> messages =
          Sampler.of(
              Arbitraries.oneOf(
                  Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                  Mutations.of(
                      Requests.validInputs(Requests.TABULAR)
                          .map(in -> Requests.grpc("fraud", in, false).toByteArray()))));
      while (messages.hasNext()) {
        byte[] m = messages.next();
        try {
          ClientCalls.blockingUnaryCall(
              channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), m);
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode())
              .as(messages.where() + ": " + e.getStatus())
              .isIn(CLIENT_FAULTS);
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }

  // ---- generators ----

  private static Arbitrary<RestCase> restCases() {
    Arbitrary<Tuple.Tuple2<byte[], String>> bodies =
        Arbitraries.frequencyOf(
            Tuple.of(
                4, Mutations.of(Requests.validJson(Requests.TABULAR)).map(b -> Tuple.of(b, null))),
            Tuple.of(2, Requests.chaoticJson(Requests.TABULAR).map(b -> Tuple.of(b, null))),
            Tuple.of(
                2,
                Combinators.combine(
                        Requests.validInputs(Requests.TABULAR),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of("exact", "off", "abc", "-1", "99999999999"))
                    .as(
                        (in, r, n, header) -> {
                          Tuple.Tuple2<byte[], Integer> b = Requests.binary(in);
                          byte[] body = Mutations.mutate(b.get1(), new java.util.Random(r), n);
                          String h =
                              switch (header) {
                                case "exact" -> Integer.toString(b.get2());
                                case "off" -> Integer.toString(b.get2() + (int) (r % 5));
                                default -> header;
                              };
                          return Tuple.of(body, h);
                        })),
            Tuple.of(
                1,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(128).map(b -> Tuple.of(b, null))),
            Tuple.of(
                1,
                Arbitraries.integers()
                    .between(60_000, 70_000)
                    .map(
                        n ->
                            Tuple.of(("{\"inputs\": [" + " ".repeat(n) + "]}").getBytes(), null))));
    Arbitrary<String> paths =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just("/v2/models/fraud/infer")),
            Tuple.of(
                2,
                Arbitraries.of(
                    "/v2/models/fraud/versions/7/infer",
                    "/v2/models/fraud/versions/8/infer",
                    "/v2/models/other/infer",
                    "/v2/models/fraud/infer/",
                    "/v2/models//infer",
                    "/v2/models/fraud/stats",
                    "/v2/models/fraud",
                    "/v2/health/ready",
                    "/v2/models/fraud/../fraud/infer",
                    "/v2/models/%66raud/infer",
                    "/",
                    "/q/nothing")));
    Arbitrary<String> contentTypes =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("application/json")),
            Tuple.of(
                3,
                Arbitraries.of(
                    "application/octet-stream",
                    "text/plain",
                    "application/json; charset=utf-8",
                    "application/x-www-form-urlencoded",
                    "application/xml",
                    "multipart/form-data; boundary=x",
                    "garbage",
                    ";;",
                    "")),
            Tuple.of(1, Arbitraries.just(null)));
    return Combinators.combine(paths, contentTypes, bodies)
        .as((path, type, body) -> new RestCase(path, type, body.get2(), body.get1()));
  }

  private static Arbitrary<ModelInferRequest> grpcMessages() {
    Arbitrary<ModelInferRequest> chaotic =
        GrpcFuzzMessages.chaotic(Requests.TABULAR)
            .map(m -> m.toBuilder().setModelName("fraud").build());
    Arbitrary<ModelInferRequest> valid =
        Combinators.combine(Requests.validInputs(Requests.TABULAR), Arbitraries.of(true, false))
            .as((in, raw) -> Requests.grpc("fraud", in, raw));
    Arbitrary<ModelInferRequest> mutated =
        Mutations.of(valid.map(ModelInferRequest::toByteArray))
            .map(
                b -> {
                  try {
                    return ModelInferRequest.parseFrom(b);
                  } catch (IOException e) {
                    return ModelInferRequest.newBuilder().setModelName("fraud").build();
                  }
                });
    return Arbitraries.frequencyOf(Tuple.of(3, chaotic), Tuple.of(1, valid), Tuple.of(3, mutated));
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
            throw new IllegalStateException(e);
          }
        }
      };
}
