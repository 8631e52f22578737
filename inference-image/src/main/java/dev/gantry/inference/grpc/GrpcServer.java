package dev.gantry.inference.grpc;

import dev.gantry.inference.auth.BearerAuth;
import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.config.RunMode;
import dev.gantry.inference.engine.InferenceEngine;
import dev.gantry.inference.engine.ModelService;
import dev.gantry.inference.protocol.RequestLimits;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the gRPC endpoint beside the HTTP server (port gantry.grpc.port, default 8081). */
@ApplicationScoped
public class GrpcServer {

  private static final Logger LOG = Logger.getLogger(GrpcServer.class);

  private final InferenceConfig config;
  private final RunMode runMode;
  private final ModelService models;
  private final InferenceEngine engine;
  private volatile Server server;

  private final RequestLimits limits;
  private final BearerAuth auth;

  public GrpcServer(
      InferenceConfig config,
      RunMode runMode,
      ModelService models,
      InferenceEngine engine,
      RequestLimits limits,
      BearerAuth auth) {
    this.config = config;
    this.runMode = runMode;
    this.models = models;
    this.engine = engine;
    this.limits = limits;
    this.auth = auth;
  }

  void onStart(@Observes StartupEvent event) throws IOException {
    var grpc = config.grpc();
    if (!grpc.enabled() || !runMode.isServe()) {
      return;
    }
    // Larger messages are refused by the transport (RESOURCE_EXHAUSTED) before they are parsed.
    int maxMessageBytes =
        grpc.maxMessageBytes().orElse((int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()));
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(grpc.host(), grpc.port()))
            .maxInboundMessageSize(maxMessageBytes)
            .addService(
                ServerInterceptors.intercept(
                    UnparseableMessages.refuseAsInvalid(
                        new GrpcInferenceService(models, engine, limits).bindService()),
                    new GrpcBearerAuth(auth)))
            .build()
            .start();
    LOG.infof("gRPC inference.GRPCInferenceService listening on %s:%d", grpc.host(), port());
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    Server s = server;
    if (s != null) {
      s.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The bound port (the real one when configured as 0), or -1 when not running. */
  public int port() {
    Server s = server;
    return s == null ? -1 : s.getPort();
  }
}
