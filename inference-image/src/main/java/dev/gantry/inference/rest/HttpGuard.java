package dev.gantry.inference.rest;

import dev.gantry.inference.protocol.JsonInferCodec;
import dev.gantry.inference.protocol.RequestLimits;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP server's edge, on every path: before anything reads a body, a Content-Length over
 * gantry.limits.max-request-bytes is refused with 413 and the protocol's JSON error body, and the
 * connection is closed, so that the body is neither read nor received.
 */
@ApplicationScoped
public class HttpGuard {

  private final RequestLimits limits;
  private final JsonInferCodec codec;

  public HttpGuard(RequestLimits limits, JsonInferCodec codec) {
    this.limits = limits;
    this.codec = codec;
  }

  void routes(@Observes Router router) {
    // Before Quarkus's own upload limit (whose 413 has no body) and before any body is read.
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::guard);
  }

  void guard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && contentLength(length) > limits.maxRequestBytes()) {
      end(
          ctx,
          413,
          "the request body ("
              + length
              + " bytes) is larger than "
              + limits.maxRequestBytes()
              + " bytes (gantry.limits.max-request-bytes)",
          true);
      return;
    }
    ctx.next();
  }

  /** A Content-Length; one Netty let through but that is no number counts as too large. */
  private static long contentLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Ends the exchange with a JSON error body. With {@code close} the HTTP/1 connection is closed
   * after it, so that a body nobody reads is not received either.
   */
  private void end(RoutingContext ctx, int status, String message, boolean close) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (close && ctx.request().version() != HttpVersion.HTTP_2) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
      response.endHandler(v -> ctx.request().connection().close());
    }
    response.end(Buffer.buffer(codec.error(message)));
  }
}
