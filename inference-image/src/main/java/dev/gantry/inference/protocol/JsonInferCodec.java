package dev.gantry.inference.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.inference.runtime.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REST binding's JSON: decodes infer requests (data flat or nested, row-major) and encodes
 * responses. NaN and Infinity tokens are accepted so that the NaN/Inf policy, not the parser,
 * decides what happens to them.
 */
public final class JsonInferCodec {

  // The fast double parser reads a number from the parser's buffer; the default one builds a
  // String per number first (~100 bytes per element of a 16 MiB body). Both round correctly.
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();
  private final JsonFactory factory = mapper.getFactory();
  private final RequestLimits limits;

  public JsonInferCodec() {
    this(RequestLimits.DEFAULTS);
  }

  public JsonInferCodec(RequestLimits limits) {
    this.limits = limits;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public RequestLimits limits() {
    return limits;
  }

  /**
   * Decodes a request body. With {@code jsonLength} (the Inference-Header-Content-Length header of
   * the binary tensor data extension) the body is that many bytes of JSON followed by the raw data
   * of every input that declares a {@code binary_data_size}. A body longer than {@link
   * RequestLimits#maxRequestBytes} is refused (TOO_LARGE) as soon as it is read that far; a body
   * the client stops sending midway is INVALID.
   */
  public InferRequest decode(
      InputStream body, Integer jsonLength, String modelName, String modelVersion) {
    try {
      JsonParser parser;
      ByteBuffer binary = null;
      if (jsonLength == null) {
        parser = factory.createParser(new BoundedInputStream(body, limits.maxRequestBytes()));
      } else {
        byte[] all = readAll(body);
        if (jsonLength < 0 || jsonLength > all.length) {
          throw InferenceException.invalid(
              "Inference-Header-Content-Length "
                  + jsonLength
                  + " does not fit the "
                  + all.length
                  + "-byte body");
        }
        parser = factory.createParser(all, 0, jsonLength);
        binary = ByteBuffer.wrap(all, jsonLength, all.length - jsonLength).slice();
      }
      try (JsonParser p = parser) {
        p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return new JsonRequestReader(p, binary, limits, mapper).read(modelName, modelVersion);
      }
    } catch (BodyTooLargeException e) {
      throw tooLarge();
    } catch (JsonProcessingException e) {
      throw InferenceException.invalid("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw InferenceException.invalid("the request body could not be read: " + e.getMessage());
    }
  }

  private byte[] readAll(InputStream body) throws IOException {
    long max = limits.maxRequestBytes();
    byte[] all = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (all.length > max) {
      throw new BodyTooLargeException();
    }
    return all;
  }

  private InferenceException tooLarge() {
    return new InferenceException(
        InferenceException.Kind.TOO_LARGE,
        "the request body is larger than "
            + limits.maxRequestBytes()
            + " bytes (gantry.limits.max-request-bytes)");
  }

  /**
   * A response body; {@code jsonLength} is the Inference-Header-Content-Length to send when raw
   * output data follows the JSON, or -1 for a plain JSON body.
   */
  public record Encoded(byte[] body, int jsonLength) {}

  public Encoded encode(InferResponse response, InferRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    List<ByteBuffer> blobs = new ArrayList<>();
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model_name", response.modelName());
      g.writeStringField("model_version", response.modelVersion());
      if (response.id() != null) {
        g.writeStringField("id", response.id());
      }
      g.writeArrayFieldStart("outputs");
      for (Tensor t : response.outputs()) {
        if (request.isBinary(t.name())) {
          ByteBuffer raw = RawTensorCodec.encode(t);
          blobs.add(raw);
          writeBinaryTensor(g, t, raw.remaining());
        } else {
          writeTensor(g, t);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (blobs.isEmpty()) {
      return new Encoded(out.toByteArray(), -1);
    }
    int jsonLength = out.size();
    for (ByteBuffer b : blobs) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }
    return new Encoded(out.toByteArray(), jsonLength);
  }

  private static void writeBinaryTensor(JsonGenerator g, Tensor t, int size) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", t.name());
    g.writeStringField("datatype", t.datatype().name());
    g.writeArrayFieldStart("shape");
    for (long d : t.shape()) {
      g.writeNumber(d);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("parameters");
    g.writeNumberField("binary_data_size", size);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeTensor(JsonGenerator g, Tensor t) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", t.name());
    g.writeStringField("datatype", t.datatype().name());
    g.writeArrayFieldStart("shape");
    for (long d : t.shape()) {
      g.writeNumber(d);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("data");
    switch (t.datatype()) {
      case FP32 -> {
        for (float v : (float[]) t.data()) {
          g.writeNumber(v);
        }
      }
      case FP64 -> {
        for (double v : (double[]) t.data()) {
          g.writeNumber(v);
        }
      }
      case INT32 -> {
        for (int v : (int[]) t.data()) {
          g.writeNumber(v);
        }
      }
      case INT64 -> {
        for (long v : (long[]) t.data()) {
          g.writeNumber(v);
        }
      }
      case BOOL -> {
        for (boolean v : (boolean[]) t.data()) {
          g.writeBoolean(v);
        }
      }
      case BYTES -> {
        for (String v : (String[]) t.data()) {
          g.writeString(v);
        }
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** The protocol's error body: {"error": "..."}. */
  public byte[] error(String message) {
    try {
      return mapper.writeValueAsBytes(Map.of("error", message == null ? "error" : message));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thrown by {@link BoundedInputStream} past the limit. */
  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("request body too large");
    }
  }

  /** Reads at most {@code limit} bytes of a body, then throws {@link BodyTooLargeException}. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --left < 0) {
        throw new BodyTooLargeException();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw new BodyTooLargeException();
        }
      }
      return n;
    }
  }
}
