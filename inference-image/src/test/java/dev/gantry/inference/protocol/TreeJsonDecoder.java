package dev.gantry.inference.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST decoder as it was before JsonInferCodec streamed: the whole body parsed into a Jackson
 * tree first. Kept as the oracle of JsonInferCodecFuzzTest's differential property: both decoders
 * must agree on every body (the same request, or both refuse it).
 */
final class TreeJsonDecoder {

  private final ObjectMapper mapper =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private final RequestLimits limits;

  TreeJsonDecoder(RequestLimits limits) {
    this.limits = limits;
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
    JsonNode root;
    ByteBuffer binary = null;
    try {
      if (jsonLength == null) {
        root = mapper.readTree(new BoundedInputStream(body, limits.maxRequestBytes()));
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
        root = mapper.readTree(all, 0, jsonLength);
        binary = ByteBuffer.wrap(all, jsonLength, all.length - jsonLength).slice();
      }
    } catch (BodyTooLargeException e) {
      throw tooLarge();
    } catch (JsonProcessingException e) {
      throw InferenceException.invalid("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw InferenceException.invalid("the request body could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw InferenceException.invalid("request body must be a JSON object");
    }
    String id = root.hasNonNull("id") ? root.get("id").asText() : null;
    Map<String, Object> parameters = parameters(root.get("parameters"), "request");
    JsonNode inputs = root.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw InferenceException.invalid("'inputs' must be a non-empty array");
    }
    limits.checkTensorCount(inputs.size(), "inputs");
    List<Tensor> tensors = new ArrayList<>(inputs.size());
    for (JsonNode input : inputs) {
      tensors.add(decodeTensor(input, binary));
    }
    if (binary != null && binary.hasRemaining()) {
      throw InferenceException.invalid(
          binary.remaining() + " bytes of binary data follow the JSON but belong to no input");
    }
    List<String> outputs = new ArrayList<>();
    Set<String> binaryOutputs = new HashSet<>();
    JsonNode requested = root.get("outputs");
    if (requested != null && !requested.isNull()) {
      if (!requested.isArray()) {
        throw InferenceException.invalid("'outputs' must be an array");
      }
      limits.checkTensorCount(requested.size(), "outputs");
      for (JsonNode output : requested) {
        JsonNode name = output.get("name");
        if (name == null || !name.isTextual()) {
          throw InferenceException.invalid("every requested output needs a string 'name'");
        }
        outputs.add(name.asText());
        if (output.path("parameters").path("binary_data").asBoolean(false)) {
          binaryOutputs.add(name.asText());
        }
      }
    }
    boolean allBinary = Boolean.TRUE.equals(parameters.get("binary_data_output"));
    return new InferRequest(
        modelName, modelVersion, id, parameters, tensors, outputs, allBinary, binaryOutputs);
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

  private Map<String, Object> parameters(JsonNode node, String owner) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw InferenceException.invalid("'parameters' of the " + owner + " must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = mapper.convertValue(node, Map.class);
    return map;
  }

  private Tensor decodeTensor(JsonNode input, ByteBuffer binary) {
    if (!input.isObject()) {
      throw InferenceException.invalid("every input must be an object");
    }
    JsonNode nameNode = input.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw InferenceException.invalid("every input needs a string 'name'");
    }
    String name = nameNode.asText();
    String datatypeName = input.path("datatype").asText(null);
    Datatype datatype =
        Datatype.parse(datatypeName)
            .orElseThrow(
                () ->
                    InferenceException.invalid(
                        "input '"
                            + name
                            + "': unsupported datatype '"
                            + datatypeName
                            + "' (supported: "
                            + Arrays.toString(Datatype.values())
                            + ")"));
    JsonNode shapeNode = input.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw InferenceException.invalid("input '" + name + "': 'shape' must be an array");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
        throw InferenceException.invalid(
            "input '" + name + "': shape dimensions must be non-negative integers, got " + d);
      }
      shape[i] = d.asLong();
    }
    limits.checkShape(name, shape);
    JsonNode binarySize = input.path("parameters").get("binary_data_size");
    if (binarySize != null) {
      return new Tensor(
          name, datatype, shape, binaryData(name, datatype, binarySize, binary, limits));
    }
    JsonNode data = input.get("data");
    if (data == null || data.isNull()) {
      throw InferenceException.invalid("input '" + name + "': 'data' is missing");
    }
    return new Tensor(name, datatype, shape, flatten(name, datatype, data));
  }

  private static Object binaryData(
      String name, Datatype datatype, JsonNode size, ByteBuffer binary, RequestLimits limits) {
    if (binary == null) {
      throw InferenceException.invalid(
          "input '"
              + name
              + "': binary_data_size needs the Inference-Header-Content-Length header");
    }
    if (!size.canConvertToInt() || size.asInt() < 0 || size.asInt() > binary.remaining()) {
      throw InferenceException.invalid(
          "input '"
              + name
              + "': binary_data_size "
              + size
              + " exceeds the "
              + binary.remaining()
              + " bytes of binary data left");
    }
    int n = size.asInt();
    ByteBuffer slice = binary.slice(binary.position(), n);
    binary.position(binary.position() + n);
    return RawTensorCodec.decode(name, datatype, slice, limits);
  }

  private Object flatten(String name, Datatype datatype, JsonNode data) {
    List<JsonNode> leaves = new ArrayList<>();
    collect(name, data, leaves);
    int n = leaves.size();
    switch (datatype) {
      case FP32 -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = (float) number(name, datatype, leaves.get(i), i).doubleValue();
        }
        return a;
      }
      case FP64 -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = number(name, datatype, leaves.get(i), i).doubleValue();
        }
        return a;
      }
      case INT32 -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          JsonNode v = integral(name, datatype, leaves.get(i), i);
          if (!v.canConvertToInt()) {
            throw InferenceException.invalid(
                "input '" + name + "': element " + i + " (" + v + ") does not fit INT32");
          }
          a[i] = v.intValue();
        }
        return a;
      }
      case INT64 -> {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
          JsonNode v = integral(name, datatype, leaves.get(i), i);
          if (!v.canConvertToLong()) {
            throw InferenceException.invalid(
                "input '" + name + "': element " + i + " (" + v + ") does not fit INT64");
          }
          a[i] = v.longValue();
        }
        return a;
      }
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          JsonNode v = leaves.get(i);
          if (!v.isBoolean()) {
            throw elementType(name, datatype, v, i);
          }
          a[i] = v.booleanValue();
        }
        return a;
      }
      case BYTES -> {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
          JsonNode v = leaves.get(i);
          if (!v.isTextual()) {
            throw elementType(name, datatype, v, i);
          }
          a[i] = v.textValue();
          limits.checkElementBytes(name, i, a[i]);
        }
        return a;
      }
      default -> throw new IllegalStateException(datatype.name());
    }
  }

  /** The leaves of (possibly nested) data, row-major; refused beyond maxElements. */
  private void collect(String name, JsonNode node, List<JsonNode> leaves) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        collect(name, child, leaves);
      }
    } else {
      if (leaves.size() >= limits.maxElements()) {
        limits.checkElements(name, leaves.size() + 1L);
      }
      leaves.add(node);
    }
  }

  private static Number number(String name, Datatype datatype, JsonNode v, int i) {
    if (!v.isNumber()) {
      throw elementType(name, datatype, v, i);
    }
    return v.numberValue();
  }

  private static JsonNode integral(String name, Datatype datatype, JsonNode v, int i) {
    if (!v.isIntegralNumber()) {
      throw elementType(name, datatype, v, i);
    }
    return v;
  }

  private static InferenceException elementType(String name, Datatype datatype, JsonNode v, int i) {
    String shown = v.toString();
    if (shown.length() > 40) {
      shown = shown.substring(0, 40) + "...";
    }
    return InferenceException.invalid(
        "input '" + name + "': element " + i + " (" + shown + ") is not a valid " + datatype);
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
