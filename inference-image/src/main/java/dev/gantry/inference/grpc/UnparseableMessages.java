package dev.gantry.inference.grpc;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Answers a message protobuf cannot parse with INVALID_ARGUMENT. grpc-java parses requests before
 * the service sees them, and a parse failure there ends the call as UNKNOWN ("Application error
 * processing RPC") with a SEVERE stack trace in the log, for every malformed message a client
 * sends. Here each method's request marshaller records the failure instead of throwing, and the
 * call is closed with the reason before the service is invoked.
 */
final class UnparseableMessages {

  private UnparseableMessages() {}

  /** A parsed request, or why it could not be parsed. */
  record Parsed<Q>(Q value, String problem) {}

  static ServerServiceDefinition refuseAsInvalid(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder b =
        ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      add(b, m);
    }
    return b.build();
  }

  private static <Q, A> void add(
      ServerServiceDefinition.Builder b, ServerMethodDefinition<Q, A> m) {
    MethodDescriptor<Q, A> original = m.getMethodDescriptor();
    MethodDescriptor.Marshaller<Parsed<Q>> requests =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Parsed<Q> value) {
            return original.streamRequest(value.value());
          }

          @Override
          public Parsed<Q> parse(InputStream stream) {
            try {
              return new Parsed<>(original.parseRequest(stream), null);
            } catch (RuntimeException e) {
              Throwable cause = e.getCause() != null ? e.getCause() : e;
              return new Parsed<>(
                  null, "the message is not a valid protobuf: " + cause.getMessage());
            }
          }
        };
    MethodDescriptor<Parsed<Q>, A> tolerant =
        original.toBuilder(requests, original.getResponseMarshaller()).build();
    b.addMethod(tolerant, handler(original, m.getServerCallHandler()));
  }

  private static <Q, A> ServerCallHandler<Parsed<Q>, A> handler(
      MethodDescriptor<Q, A> method, ServerCallHandler<Q, A> next) {
    return (call, headers) -> {
      ServerCall.Listener<Q> delegate = next.startCall(new Unwrapped<>(call, method), headers);
      return new ServerCall.Listener<>() {
        private boolean refused;

        @Override
        public void onMessage(Parsed<Q> message) {
          if (refused) {
            return;
          }
          if (message.problem() != null) {
            refused = true;
            call.close(Status.INVALID_ARGUMENT.withDescription(message.problem()), new Metadata());
            return;
          }
          delegate.onMessage(message.value());
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            delegate.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          delegate.onCancel();
        }

        @Override
        public void onComplete() {
          delegate.onComplete();
        }

        @Override
        public void onReady() {
          if (!refused) {
            delegate.onReady();
          }
        }
      };
    };
  }

  /** The call as the service sees it: its original method and request type. */
  private static final class Unwrapped<Q, A> extends ServerCall<Q, A> {
    private final ServerCall<Parsed<Q>, A> call;
    private final MethodDescriptor<Q, A> method;

    Unwrapped(ServerCall<Parsed<Q>, A> call, MethodDescriptor<Q, A> method) {
      this.call = call;
      this.method = method;
    }

    @Override
    public void request(int numMessages) {
      call.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      call.sendHeaders(headers);
    }

    @Override
    public void sendMessage(A message) {
      call.sendMessage(message);
    }

    @Override
    public boolean isReady() {
      return call.isReady();
    }

    @Override
    public void close(Status status, Metadata trailers) {
      call.close(status, trailers);
    }

    @Override
    public boolean isCancelled() {
      return call.isCancelled();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      call.setCompression(compressor);
    }

    @Override
    public Attributes getAttributes() {
      return call.getAttributes();
    }

    @Override
    public String getAuthority() {
      return call.getAuthority();
    }

    @Override
    public MethodDescriptor<Q, A> getMethodDescriptor() {
      return method;
    }
  }
}
