package dev.gantry.inference.rest;

import dev.gantry.contract.BaselineHeaders;
import dev.gantry.inference.engine.InferenceEngine;
import dev.gantry.inference.engine.ModelService;
import dev.gantry.inference.engine.ServedModel;
import dev.gantry.inference.model.BaselineFile;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.JsonInferCodec;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Open Inference Protocol v2 REST binding, plus the baseline and live feature statistics. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public class V2Resource {

  /** The binary tensor data extension's header: length of the JSON part of the body. */
  static final String BINARY_HEADER = "Inference-Header-Content-Length";

  private final ModelService models;
  private final InferenceEngine engine;
  private final JsonInferCodec codec;

  public V2Resource(ModelService models, InferenceEngine engine, JsonInferCodec codec) {
    this.models = models;
    this.engine = engine;
    this.codec = codec;
  }

  @GET
  @Path("/health/live")
  public Map<String, Object> live() {
    return Map.of("live", true);
  }

  @GET
  @Path("/health/ready")
  public Response ready() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", models.isReady());
    models.failure().ifPresent(f -> body.put("error", f));
    return Response.status(models.isReady() ? 200 : 503).entity(body).build();
  }

  @GET
  public Map<String, Object> serverMetadata() {
    return Map.of(
        "name",
        ServerInfo.NAME,
        "version",
        ServerInfo.version(),
        "extensions",
        ServerInfo.EXTENSIONS);
  }

  @GET
  @Path("/models/{name}")
  public Map<String, Object> modelMetadata(@PathParam("name") String name) {
    return ModelMetadata.of(models.require(name, null));
  }

  @GET
  @Path("/models/{name}/versions/{version}")
  public Map<String, Object> modelVersionMetadata(
      @PathParam("name") String name, @PathParam("version") String version) {
    return ModelMetadata.of(models.require(name, version));
  }

  @GET
  @Path("/models/{name}/ready")
  public Response modelReady(@PathParam("name") String name) {
    return modelReadiness(name, null);
  }

  @GET
  @Path("/models/{name}/versions/{version}/ready")
  public Response modelVersionReady(
      @PathParam("name") String name, @PathParam("version") String version) {
    return modelReadiness(name, version);
  }

  private Response modelReadiness(String name, String version) {
    if (!models.serves(name, version)) {
      models.require(name, version); // throws NOT_FOUND with the reason
    }
    boolean ready = models.isReady();
    return Response.status(ready ? 200 : 503).entity(Map.of("name", name, "ready", ready)).build();
  }

  @POST
  @Path("/models/{name}/infer")
  @Consumes(MediaType.WILDCARD)
  public Response infer(
      @PathParam("name") String name,
      @HeaderParam(BINARY_HEADER) String jsonLength,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context HttpServerRequest http,
      InputStream body) {
    return doInfer(name, null, jsonLength, contentType, http, body);
  }

  @POST
  @Path("/models/{name}/versions/{version}/infer")
  @Consumes(MediaType.WILDCARD)
  public Response inferVersion(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @HeaderParam(BINARY_HEADER) String jsonLength,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Context HttpServerRequest http,
      InputStream body) {
    return doInfer(name, version, jsonLength, contentType, http, body);
  }

  private Response doInfer(
      String name,
      String version,
      String jsonLength,
      String contentType,
      HttpServerRequest http,
      InputStream body) {
    InferRequest request;
    try {
      checkContentType(contentType);
      request = codec.decode(body, jsonLength(jsonLength), name, version);
    } catch (InferenceException e) {
      // Count malformed bodies too: they are requests the model never saw.
      engine.rejected(e, "rest");
      if (e.kind() == InferenceException.Kind.TOO_LARGE) {
        // The rest of an oversized chunked body is not worth receiving.
        http.response().putHeader("Connection", "close");
        http.response().endHandler(v -> http.connection().close());
      }
      throw e;
    }
    JsonInferCodec.Encoded encoded = codec.encode(engine.infer(request, "rest"), request);
    if (encoded.jsonLength() < 0) {
      return Response.ok(encoded.body(), MediaType.APPLICATION_JSON_TYPE).build();
    }
    return Response.ok(encoded.body(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .header(BINARY_HEADER, encoded.jsonLength())
        .build();
  }

  /**
   * Bodies are JSON, or JSON followed by raw tensor data (binary extension, usually sent as
   * application/octet-stream). No Content-Type, text/plain and form-urlencoded (what {@code curl
   * -d} sends) are read as JSON too; anything else (XML, multipart, ...) is refused with 415.
   */
  static void checkContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (ACCEPTED_TYPES.contains(type)
        || (type.startsWith("application/") && type.endsWith("+json"))) {
      return;
    }
    throw new InferenceException(
        InferenceException.Kind.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type '"
            + contentType
            + "' is not supported: send application/json, or application/octet-stream with the "
            + BINARY_HEADER
            + " header for binary tensor data");
  }

  private static final Set<String> ACCEPTED_TYPES =
      Set.of(
          "application/json",
          "application/octet-stream",
          "text/plain",
          "application/x-www-form-urlencoded",
          "*/*");

  /** The binary extension's header: absent, or a non-negative integer. */
  static Integer jsonLength(String header) {
    if (header == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(header.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw InferenceException.invalid(
        BINARY_HEADER + " must be a non-negative integer, got '" + header + "'");
  }

  /**
   * The baseline statistics the model was loaded with, as baseline.json; headers name the model
   * version and the file ({@link BaselineHeaders}). The operator reads a baseline here when it
   * cannot mount the claim that holds it.
   */
  @GET
  @Path("/models/{name}/baseline")
  public Response baseline(@PathParam("name") String name) {
    return modelBaseline(name, null);
  }

  @GET
  @Path("/models/{name}/versions/{version}/baseline")
  public Response versionBaseline(
      @PathParam("name") String name, @PathParam("version") String version) {
    return modelBaseline(name, version);
  }

  private Response modelBaseline(String name, String version) {
    ServedModel m = models.require(name, version);
    BaselineFile file =
        m.baselineFile()
            .orElseThrow(
                () ->
                    new InferenceException(
                        InferenceException.Kind.NOT_FOUND,
                        "model '"
                            + m.name()
                            + "' version '"
                            + m.version()
                            + "' was loaded without baseline statistics (none at "
                            + m.baselineUri()
                            + ")"));
    return Response.ok(file.statistics(), MediaType.APPLICATION_JSON_TYPE)
        .header(BaselineHeaders.MODEL_VERSION, m.version())
        .header(BaselineHeaders.BASELINE_URI, file.uri())
        .header(BaselineHeaders.BASELINE_SHA256, file.sha256())
        .build();
  }

  /** Live feature statistics next to the baseline (see docs/inference-server.md). */
  @GET
  @Path("/models/{name}/statistics")
  public Map<String, Object> statistics(@PathParam("name") String name) {
    var m = models.require(name, null);
    return m.statistics().snapshot(m.name(), m.version());
  }
}
