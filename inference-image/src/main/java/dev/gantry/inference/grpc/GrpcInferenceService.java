package dev.gantry.inference.grpc;

import dev.gantry.inference.engine.InferenceEngine;
import dev.gantry.inference.engine.ModelService;
import dev.gantry.inference.engine.ServedModel;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.grpc.v2.ModelMetadataRequest;
import dev.gantry.inference.grpc.v2.ModelMetadataResponse;
import dev.gantry.inference.grpc.v2.ModelReadyRequest;
import dev.gantry.inference.grpc.v2.ModelReadyResponse;
import dev.gantry.inference.grpc.v2.ServerLiveRequest;
import dev.gantry.inference.grpc.v2.ServerLiveResponse;
import dev.gantry.inference.grpc.v2.ServerMetadataRequest;
import dev.gantry.inference.grpc.v2.ServerMetadataResponse;
import dev.gantry.inference.grpc.v2.ServerReadyRequest;
import dev.gantry.inference.grpc.v2.ServerReadyResponse;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.RequestLimits;
import dev.gantry.inference.rest.ModelMetadata;
import dev.gantry.inference.rest.ServerInfo;
import dev.gantry.inference.runtime.TensorSpec;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** The Open Inference Protocol v2 gRPC binding: {@code inference.GRPCInferenceService}. */
public final class GrpcInferenceService
    extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

  private final ModelService models;
  private final InferenceEngine engine;
  private final RequestLimits limits;

  public GrpcInferenceService(ModelService models, InferenceEngine engine, RequestLimits limits) {
    this.models = models;
    this.engine = engine;
    this.limits = limits;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    out.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
    out.onCompleted();
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    out.onNext(ServerReadyResponse.newBuilder().setReady(models.isReady()).build());
    out.onCompleted();
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    String version = request.getVersion().isEmpty() ? null : request.getVersion();
    if (!models.serves(request.getName(), version)) {
      fail(out, () -> models.require(request.getName(), version));
      return;
    }
    out.onNext(ModelReadyResponse.newBuilder().setReady(models.isReady()).build());
    out.onCompleted();
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    out.onNext(
        ServerMetadataResponse.newBuilder()
            .setName(ServerInfo.NAME)
            .setVersion(ServerInfo.version())
            .addAllExtensions(ServerInfo.EXTENSIONS)
            .build());
    out.onCompleted();
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    ServedModel m;
    try {
      m =
          models.require(
              request.getName(), request.getVersion().isEmpty() ? null : request.getVersion());
    } catch (InferenceException e) {
      out.onError(status(e));
      return;
    }
    ModelMetadataResponse.Builder b =
        ModelMetadataResponse.newBuilder()
            .setName(m.name())
            .addVersions(m.version())
            .setPlatform(ModelMetadata.PLATFORM);
    tensors(m.model().signature().inputs()).forEach(b::addInputs);
    tensors(m.model().signature().outputs()).forEach(b::addOutputs);
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    InferRequest decoded;
    try {
      decoded = GrpcInferCodec.decode(request, limits);
    } catch (InferenceException e) {
      engine.rejected(e, "grpc");
      out.onError(status(e));
      return;
    }
    try {
      out.onNext(GrpcInferCodec.encode(engine.infer(decoded, "grpc"), decoded.rawOutput()));
      out.onCompleted();
    } catch (InferenceException e) {
      out.onError(status(e));
    }
  }

  private static List<ModelMetadataResponse.TensorMetadata> tensors(List<TensorSpec> specs) {
    return specs.stream()
        .map(
            s -> {
              ModelMetadataResponse.TensorMetadata.Builder t =
                  ModelMetadataResponse.TensorMetadata.newBuilder()
                      .setName(s.name())
                      .setDatatype(s.datatype().name());
              for (long d : s.shape()) {
                t.addShape(d);
              }
              return t.build();
            })
        .toList();
  }

  private static void fail(StreamObserver<?> out, Runnable check) {
    try {
      check.run();
    } catch (InferenceException e) {
      out.onError(status(e));
    }
  }

  static io.grpc.StatusRuntimeException status(InferenceException e) {
    return Status.fromCode(Status.Code.valueOf(e.kind().grpcCode))
        .withDescription(e.getMessage())
        .asRuntimeException();
  }
}
