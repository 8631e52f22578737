package dev.gantry.inference.rest;

import dev.gantry.inference.protocol.JsonInferCodec;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JAX-RS layer's own refusals (404 for a path under a resource that no method serves, 405, 406,
 * 415, conversion failures) and unexpected exceptions, as the protocol's error body {"error":
 * "..."} instead of an empty body. {@link InferenceExceptionMapper} maps the server's own refusals;
 * {@link HttpGuard} covers what never reaches JAX-RS.
 */
public class RestErrorMappers {

  private static final Logger LOG = Logger.getLogger(RestErrorMappers.class);

  private final JsonInferCodec codec;

  public RestErrorMappers(JsonInferCodec codec) {
    this.codec = codec;
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, HttpServerRequest request) {
    Response original = e.getResponse();
    int status = original.getStatus();
    String where = request.method() + " " + request.path();
    String message =
        switch (status) {
          case 404 -> "no such endpoint: " + where;
          case 405 ->
              "method "
                  + request.method()
                  + " is not allowed on "
                  + request.path()
                  + (original.getAllowedMethods().isEmpty()
                      ? ""
                      : " (allowed: " + String.join(", ", original.getAllowedMethods()) + ")");
          case 406 -> "this endpoint answers application/json only (" + where + ")";
          case 415 -> "unsupported Content-Type for " + where;
          default -> {
            Response.StatusType type = original.getStatusInfo();
            yield (type == null ? "HTTP " + status : type.getReasonPhrase())
                + ": "
                + e.getMessage();
          }
        };
    if (status >= 500) {
      LOG.errorf(e, "%s failed", where);
    }
    Response.ResponseBuilder answer =
        Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(codec.error(message));
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      answer.header(HttpHeaders.ALLOW, allow);
    }
    return answer.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, HttpServerRequest request) {
    LOG.errorf(e, "%s %s failed", request.method(), request.path());
    return Response.status(500)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(codec.error("internal server error (see the server log)"))
        .build();
  }
}
