package dev.gantry.inference.rest;

import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.JsonInferCodec;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Refusals as the protocol's error body, {"error": "..."}, with the matching HTTP status. */
@Provider
public class InferenceExceptionMapper implements ExceptionMapper<InferenceException> {

  private final JsonInferCodec codec;

  public InferenceExceptionMapper(JsonInferCodec codec) {
    this.codec = codec;
  }

  @Override
  public Response toResponse(InferenceException e) {
    return Response.status(e.kind().httpStatus)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(codec.error(e.getMessage()))
        .build();
  }
}
