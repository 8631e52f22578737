package dev.gantry.inference.rest;

import dev.gantry.inference.auth.BearerAuth;
import dev.gantry.inference.protocol.JsonInferCodec;
import dev.gantry.inference.protocol.RequestLimits;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The HTTP server's edges, on every path (JAX-RS resources, /metrics and paths nothing serves), so
 * that every answer is the protocol's JSON error body {"error": "..."} and never an HTML page:
 *
 * <ul>
 *   <li>before anything reads a body: bearer auth (401 with {@code WWW-Authenticate: Bearer};
 *       health and metrics stay open) and the body limit from Content-Length (413);
 *   <li>after every other route: 404 for a path nothing serves;
 *   <li>first failure handler: a JSON body for failures outside the JAX-RS exception mappers.
 * </ul>
 */
@ApplicationScoped
public class HttpGuard {

  private static final Logger LOG = Logger.getLogger(HttpGuard.class);
  private static final String REALM = "Bearer realm=\"gantry-inference\"";

  private final BearerAuth auth;
  private final RequestLimits limits;
  private final JsonInferCodec codec;

  public HttpGuard(BearerAuth auth, RequestLimits limits, JsonInferCodec codec) {
    this.auth = auth;
    this.limits = limits;
    this.codec = codec;
  }

  void routes(@Observes Router router) {
    // Before Quarkus's own upload limit (whose 413 has no body) and before any body is read.
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::guard);
    router.route().order(Integer.MAX_VALUE).handler(this::notFound);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
  }

  void guard(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (auth.enabled() && !BearerAuth.isOpen(ctx.normalizedPath())) {
      String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
      if (!auth.accepts(authorization)) {
        boolean presented = authorization != null;
        ctx.response()
            .putHeader("WWW-Authenticate", presented ? REALM + ", error=\"invalid_token\"" : REALM);
        end(
            ctx,
            401,
            presented
                ? "invalid bearer token"
                : "missing bearer token: send the header 'Authorization: Bearer <token>'",
            hasBody(request));
        return;
      }
    }
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

  void notFound(RoutingContext ctx) {
    end(
        ctx,
        404,
        "no such endpoint: "
            + ctx.request().method()
            + " "
            + ctx.normalizedPath()
            + " (the Open Inference Protocol v2 endpoints are under /v2)",
        hasBody(ctx.request()));
  }

  void failure(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    int status = ctx.statusCode();
    if (ctx.failure() instanceof HttpException e) {
      status = e.getStatusCode();
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    String message;
    if (status >= 500) {
      LOG.errorf(ctx.failure(), "HTTP %s %s failed", ctx.request().method(), ctx.normalizedPath());
      message = "internal server error (see the server log)";
    } else {
      message = HttpResponseStatus.valueOf(status).reasonPhrase();
    }
    end(ctx, status, message, hasBody(ctx.request()));
  }

  /** A Content-Length; one Netty let through but that is no number counts as too large. */
  private static long contentLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.strip().equals("0"))
        || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
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
