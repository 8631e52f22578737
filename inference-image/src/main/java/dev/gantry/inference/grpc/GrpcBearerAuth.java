package dev.gantry.inference.grpc;

import dev.gantry.inference.auth.BearerAuth;
import dev.gantry.inference.grpc.v2.GRPCInferenceServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;

/**
 * Bearer auth on gRPC: every call but the health RPCs (ServerLive, ServerReady) needs the metadata
 * {@code authorization: Bearer <token>} when gantry.auth.token-file is set; otherwise it is closed
 * with UNAUTHENTICATED before its message is read.
 */
final class GrpcBearerAuth implements ServerInterceptor {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> OPEN_METHODS =
      Set.of(
          GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName(),
          GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName());

  private final BearerAuth auth;

  GrpcBearerAuth(BearerAuth auth) {
    this.auth = auth;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    if (!auth.enabled()
        || OPEN_METHODS.contains(call.getMethodDescriptor().getFullMethodName())
        || auth.accepts(headers.get(AUTHORIZATION))) {
      return next.startCall(call, headers);
    }
    String presented = headers.get(AUTHORIZATION);
    call.close(
        Status.UNAUTHENTICATED.withDescription(
            presented == null
                ? "missing bearer token: send the metadata 'authorization: Bearer <token>'"
                : "invalid bearer token"),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
