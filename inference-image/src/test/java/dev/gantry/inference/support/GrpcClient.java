package dev.gantry.inference.support;

import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/** A plaintext gRPC client for the test server. */
public final class GrpcClient implements AutoCloseable {

  private final ManagedChannel channel;

  public GrpcClient(int port) {
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  public GRPCInferenceServiceBlockingStub stub() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** An FP32 input tensor with typed contents. */
  public static ModelInferRequest.InferInputTensor fp32(String name, float[][] rows) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (float[] row : rows) {
      for (float v : row) {
        c.addFp32Contents(v);
      }
    }
    return ModelInferRequest.InferInputTensor.newBuilder()
        .setName(name)
        .setDatatype("FP32")
        .addShape(rows.length)
        .addShape(rows[0].length)
        .setContents(c)
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
