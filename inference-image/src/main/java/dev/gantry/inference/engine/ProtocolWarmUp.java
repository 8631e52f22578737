package dev.gantry.inference.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.ByteString;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.inference.auth.BearerAuth;
import dev.gantry.inference.grpc.GrpcInferCodec;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.InferParameter;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.metrics.LiveFeature;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferResponse;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.JsonInferCodec;
import dev.gantry.inference.protocol.RawTensorCodec;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.ValidatedRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warms every layer a request crosses before the model is marked ready, so that the first real
 * request costs about what later ones do: first in process (decoding, validation, batching,
 * encoding), then through the server's own REST and gRPC endpoints over loopback, which also warms
 * the HTTP and gRPC stacks. Values are the baseline means where known, so that range validation
 * passes. Requests carry the {@link #PARAMETER} parameter and take the same path through {@link
 * InferenceEngine} as real ones, including metrics and live statistics, but into scratch meters and
 * statistics that are dropped before the model is marked ready (so that the first real request does
 * not pay for their first use either, and the real series only see real requests).
 */
@ApplicationScoped
public class ProtocolWarmUp {

  /** Request parameter marking the server's own warm-up requests. */
  public static final String PARAMETER = "gantry_warmup";

  private static final Logger LOG = Logger.getLogger(ProtocolWarmUp.class);

  private final JsonInferCodec codec;
  private final Instance<GrpcServer> grpcServer;
  private final Instance<InferenceEngine> engine;
  private final BearerAuth auth;

  public ProtocolWarmUp(
      JsonInferCodec codec,
      Instance<GrpcServer> grpcServer,
      Instance<InferenceEngine> engine,
      BearerAuth auth) {
    this.codec = codec;
    this.grpcServer = grpcServer;
    this.engine = engine;
    this.auth = auth;
  }

  public void run(ServedModel m, int iterations) throws Exception {
    List<Tensor> inputs = WarmUp.synthetic(m.model().signature().inputs(), 1);
    setBaselineMeans(m, inputs);
    byte[] json = json(m.name(), inputs);
    ModelInferRequest grpc = grpc(m.name(), inputs);
    try {
      inProcess(m, json, grpc, iterations);
      try {
        overLoopback(m, json, grpc, iterations);
      } catch (Exception e) {
        // A server bound to one non-loopback address: the in-process warm-up has to do.
        LOG.infof("loopback warm-up skipped: %s", e.toString());
      }
    } finally {
      engine.get().warmUpDone();
    }
  }

  private void overLoopback(ServedModel m, byte[] json, ModelInferRequest grpc, int iterations)
      throws Exception {
    String key =
        LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
    int httpPort = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(0);
    // With bearer auth on, the server's own requests carry its token like any client's.
    String authorization = auth.authorizationHeader();
    if (httpPort > 0) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + httpPort + "/v2/models/" + m.name() + "/infer"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json));
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      HttpRequest request = builder.build();
      for (int i = 0; i < iterations; i++) {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("REST warm-up request got HTTP " + r.statusCode());
        }
      }
    }
    int grpcPort = grpcServer.get().port();
    if (grpcPort > 0) {
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        if (authorization != null) {
          Metadata headers = new Metadata();
          headers.put(
              Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
          stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        for (int i = 0; i < iterations; i++) {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).modelInfer(grpc);
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private void inProcess(ServedModel m, byte[] json, ModelInferRequest grpc, int iterations)
      throws Exception {
    for (int i = 0; i < iterations; i++) {
      InferRequest rest = codec.decode(new ByteArrayInputStream(json), null, m.name(), null);
      codec.encode(new InferResponse(m.name(), m.version(), null, run(m, rest, "rest")), rest);
      InferRequest g = GrpcInferCodec.decode(grpc, codec.limits());
      GrpcInferCodec.encode(
          new InferResponse(m.name(), m.version(), null, run(m, g, "grpc")), true);
    }
  }

  private List<Tensor> run(ServedModel m, InferRequest request, String protocol) throws Exception {
    try {
      // The engine's own path: validation, batching, metrics and statistics (into scratch).
      return engine.get().infer(request, protocol).outputs();
    } catch (InferenceException e) {
      // Synthetic values the baseline refuses: still exercise the run with them.
      ValidatedRequest valid = new ValidatedRequest(request.inputs(), 1, Set.of(), List.of());
      return m.batcher() != null
          ? m.batcher().run(valid).outputs()
          : m.model().run(valid.inputs(), valid.outputs());
    }
  }

  private static void setBaselineMeans(ServedModel m, List<Tensor> inputs) {
    for (LiveFeature f : m.statistics().features()) {
      FeatureBaseline b = f.binding().feature();
      Double mean = b.mean();
      if (mean == null && b.categories() != null && !b.categories().isEmpty()) {
        try {
          mean = Double.parseDouble(b.categories().keySet().iterator().next());
        } catch (NumberFormatException e) {
          mean = null;
        }
      }
      if (mean == null) {
        continue;
      }
      for (Tensor t : inputs) {
        if (t.name().equals(f.binding().input()) && t.length() > f.binding().index(0)) {
          int at = f.binding().index(0);
          switch (t.datatype()) {
            case FP32 -> ((float[]) t.data())[at] = mean.floatValue();
            case FP64 -> ((double[]) t.data())[at] = mean;
            case INT32 -> ((int[]) t.data())[at] = (int) Math.round(mean);
            case INT64 -> ((long[]) t.data())[at] = Math.round(mean);
            default -> {}
          }
        }
      }
    }
  }

  private byte[] json(String model, List<Tensor> inputs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Tensor t : inputs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("datatype", t.datatype().name());
      m.put("shape", t.shape());
      List<Object> data = new ArrayList<>();
      for (int i = 0; i < t.length(); i++) {
        data.add(Array.get(t.data(), i));
      }
      m.put("data", data);
      list.add(m);
    }
    try {
      return codec
          .mapper()
          .writeValueAsBytes(
              Map.of("id", "warm-up", "parameters", Map.of(PARAMETER, true), "inputs", list));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelInferRequest grpc(String model, List<Tensor> inputs) {
    ModelInferRequest.Builder b =
        ModelInferRequest.newBuilder()
            .setModelName(model)
            .putParameters(PARAMETER, InferParameter.newBuilder().setBoolParam(true).build());
    for (Tensor t : inputs) {
      ModelInferRequest.InferInputTensor.Builder in =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().name());
      for (long d : t.shape()) {
        in.addShape(d);
      }
      b.addInputs(in);
      b.addRawInputContents(ByteString.copyFrom(RawTensorCodec.encode(t)));
    }
    return b.build();
  }
}
