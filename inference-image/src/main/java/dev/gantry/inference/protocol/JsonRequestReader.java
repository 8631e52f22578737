package dev.gantry.inference.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one infer request from a JSON token stream. Tensor data goes straight from the tokens into
 * a primitive array of the input's datatype (or, when "datatype" follows "data", into a compact
 * buffer of 9 bytes per element), never into a tree: a Jackson tree costs 30-40 bytes per element,
 * so a 16 MiB body of numbers used to allocate half a gigabyte. Everything else (id, parameters,
 * shapes, outputs) is small and is read into trees, within a budget of JSON values. Semantics are
 * those of the tree decoder it replaced (TreeJsonDecoder in the tests, which a differential fuzz
 * property holds it to): checks run in the same order, a problem in an input's data is reported
 * only if that data is used (not with binary_data_size). One difference: a key given twice in an
 * object is refused (the parser's STRICT_DUPLICATE_DETECTION) where the tree kept the last one, so
 * that no two readers of a request can disagree on what it says.
 */
final class JsonRequestReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser p;
  private final ByteBuffer binary;
  private final RequestLimits limits;
  private final ObjectMapper mapper;
  private final long treeBudget;
  private long treeValues;

  JsonRequestReader(JsonParser p, ByteBuffer binary, RequestLimits limits, ObjectMapper mapper) {
    this.p = p;
    this.binary = binary;
    this.limits = limits;
    this.mapper = mapper;
    // Everything but tensor data: a few dozen values per tensor, plus room for parameters.
    this.treeBudget = 64L * limits.maxTensors() + 4096;
  }

  InferRequest read(String modelName, String modelVersion) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw InferenceException.invalid("request body must be a JSON object");
    }
    JsonNode id = null;
    JsonNode parameters = null;
    List<Tensor> tensors = null;
    JsonNode outputs = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "id" -> id = p.currentToken().isScalarValue() ? tree() : skip(NODES.objectNode());
        case "parameters" -> parameters = tree();
        case "inputs" -> tensors = inputs();
        case "outputs" -> outputs = tree();
        default -> p.skipChildren();
      }
    }
    String requestId = id != null && !id.isNull() ? id.asText() : null;
    Map<String, Object> params = parameters(parameters, "request");
    if (tensors == null || tensors.isEmpty()) {
      throw InferenceException.invalid("'inputs' must be a non-empty array");
    }
    if (binary != null && binary.hasRemaining()) {
      throw InferenceException.invalid(
          binary.remaining() + " bytes of binary data follow the JSON but belong to no input");
    }
    List<String> requested = new ArrayList<>();
    Set<String> binaryOutputs = new HashSet<>();
    if (outputs != null && !outputs.isNull()) {
      if (!outputs.isArray()) {
        throw InferenceException.invalid("'outputs' must be an array");
      }
      limits.checkTensorCount(outputs.size(), "outputs");
      for (JsonNode output : outputs) {
        JsonNode name = output.get("name");
        if (name == null || !name.isTextual()) {
          throw InferenceException.invalid("every requested output needs a string 'name'");
        }
        requested.add(name.asText());
        if (output.path("parameters").path("binary_data").asBoolean(false)) {
          binaryOutputs.add(name.asText());
        }
      }
    }
    boolean allBinary = Boolean.TRUE.equals(params.get("binary_data_output"));
    return new InferRequest(
        modelName, modelVersion, requestId, params, tensors, requested, allBinary, binaryOutputs);
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

  /** The inputs array; any other value is refused (an empty list, as the tree decoder did). */
  private List<Tensor> inputs() throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<Tensor> tensors = new ArrayList<>();
    int count = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      count++;
      if (count > limits.maxTensors()) {
        p.skipChildren(); // count them all for the message, decode none
        continue;
      }
      tensors.add(tensor());
    }
    limits.checkTensorCount(count, "inputs");
    return tensors;
  }

  /** One input object; its fields in any order, checked in the tree decoder's order. */
  private Tensor tensor() throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw InferenceException.invalid("every input must be an object");
    }
    JsonNode nameNode = null;
    JsonNode datatypeNode = null;
    JsonNode shapeNode = null;
    JsonNode parameters = null;
    Data data = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" ->
            nameNode = p.currentToken().isScalarValue() ? tree() : skip(NODES.objectNode());
        case "datatype" ->
            datatypeNode = p.currentToken().isScalarValue() ? tree() : skip(NODES.objectNode());
        case "shape" -> shapeNode = tree();
        case "parameters" -> parameters = tree();
        case "data" -> {
          String nameSoFar = nameNode != null && nameNode.isTextual() ? nameNode.asText() : "?";
          Datatype known =
              datatypeNode == null ? null : Datatype.parse(datatypeNode.asText(null)).orElse(null);
          data = data(nameSoFar, known);
        }
        default -> p.skipChildren();
      }
    }
    if (nameNode == null || !nameNode.isTextual()) {
      throw InferenceException.invalid("every input needs a string 'name'");
    }
    String name = nameNode.asText();
    String datatypeName = datatypeNode == null ? null : datatypeNode.asText(null);
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
    JsonNode binarySize = parameters == null ? null : parameters.path("binary_data_size");
    if (binarySize != null && !binarySize.isMissingNode()) {
      return new Tensor(name, datatype, shape, binaryData(name, datatype, binarySize));
    }
    if (data == null) {
      throw InferenceException.invalid("input '" + name + "': 'data' is missing");
    }
    return new Tensor(name, datatype, shape, data.finish(name, datatype));
  }

  private Object binaryData(String name, Datatype datatype, JsonNode size) {
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

  // ---- data ----

  /** Streams a "data" value (array, nested arrays or a single value); null counts as missing. */
  private Data data(String name, Datatype datatype) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    Data data = new Data(datatype, limits);
    if (p.currentToken() != JsonToken.START_ARRAY) {
      leaf(data, name);
      return data;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_ARRAY) {
        depth++;
      } else if (t == JsonToken.END_ARRAY) {
        depth--;
      } else {
        leaf(data, name);
      }
    }
    return data;
  }

  private void leaf(Data data, String name) throws IOException {
    if (!data.wantsMore()) {
      // Over max-elements or past the first bad element: count, keep nothing.
      data.skip();
      p.skipChildren();
      return;
    }
    switch (p.currentToken()) {
      case VALUE_NUMBER_INT -> {
        switch (p.getNumberType()) {
          case INT -> data.integer(p.getIntValue(), false, name);
          case LONG -> data.integer(p.getLongValue(), true, name);
          default -> data.bigInteger(p.getBigIntegerValue(), name);
        }
      }
      case VALUE_NUMBER_FLOAT -> data.floating(p.getDoubleValue(), name);
      case VALUE_TRUE -> data.bool(true, name);
      case VALUE_FALSE -> data.bool(false, name);
      case VALUE_STRING -> data.string(p.getText(), name);
      case VALUE_NULL -> data.other(NODES.nullNode(), name);
      default -> data.other(tree(), name); // an object among the data
    }
  }

  // ---- bounded trees for everything that is not data ----

  /** The current value as a tree, as Jackson's default deserializer would build it. */
  private JsonNode tree() throws IOException {
    if (++treeValues > treeBudget) {
      throw InferenceException.invalid(
          "the request has more than "
              + treeBudget
              + " JSON values outside the inputs' data (gantry.limits.max-tensors sets the budget)");
    }
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          o.set(key, tree());
        }
        yield o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(tree());
        }
        yield a;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw InferenceException.invalid("unexpected JSON token " + p.currentToken());
    };
  }

  /** Skips the current value and answers {@code instead}. */
  private JsonNode skip(JsonNode instead) throws IOException {
    p.skipChildren();
    return instead;
  }

  /**
   * The data of one input as it streams in. With the datatype known, values go into a growing
   * primitive array of that type; without it, into kinds and 64-bit payloads, converted once the
   * datatype is known. The first element that does not fit, or passing max-elements, is recorded
   * (not thrown: the data may turn out unused, with binary_data_size) and ends the storing.
   */
  private static final class Data {
    private static final byte INT = 0;
    private static final byte LONG = 1;
    private static final byte BIG = 2;
    private static final byte DOUBLE = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte STRING = 6;
    private static final byte OTHER = 7;

    private final Datatype datatype;
    private final RequestLimits limits;
    private int count;
    private int stored; // untyped leaves kept (count goes on past a problem)
    private InferenceException problem;

    // Typed storage (datatype known).
    private float[] f;
    private double[] d;
    private int[] i;
    private long[] l;
    private boolean[] b;
    // Strings (BYTES, or texts of untyped leaves); untyped kinds and payloads.
    private List<String> s;
    private byte[] kinds;
    private long[] bits;
    private List<JsonNode> others;

    Data(Datatype datatype, RequestLimits limits) {
      this.datatype = datatype;
      this.limits = limits;
      if (datatype == null) {
        kinds = new byte[16];
        bits = new long[16];
      }
    }

    boolean wantsMore() {
      return problem == null && count < limits.maxElements();
    }

    void skip() {
      if (problem == null) {
        problem = limits.tooManyElements("?");
      }
      count++;
    }

    // -- leaves --

    void integer(long v, boolean isLong, String name) {
      if (datatype == null) {
        untyped(isLong ? LONG : INT, v, null, null);
        return;
      }
      switch (datatype) {
        case FP32 -> floats((float) (double) v);
        case FP64 -> doubles((double) v);
        case INT32 -> {
          if (isLong) {
            fail(name, fits(v, "INT32"));
          } else {
            ints((int) v);
          }
        }
        case INT64 -> longs(v);
        default -> fail(name, notA(isLong ? NODES.numberNode(v) : NODES.numberNode((int) v)));
      }
    }

    void bigInteger(java.math.BigInteger v, String name) {
      if (datatype == null) {
        untyped(BIG, 0, v.toString(), null);
        return;
      }
      switch (datatype) {
        case FP32 -> floats((float) v.doubleValue());
        case FP64 -> doubles(v.doubleValue());
        case INT32 -> fail(name, bigDoesNotFit(v, "INT32"));
        case INT64 -> fail(name, bigDoesNotFit(v, "INT64"));
        default -> fail(name, notA(NODES.numberNode(v)));
      }
    }

    void floating(double v, String name) {
      if (datatype == null) {
        untyped(DOUBLE, Double.doubleToRawLongBits(v), null, null);
        return;
      }
      switch (datatype) {
        case FP32 -> floats((float) v);
        case FP64 -> doubles(v);
        default -> fail(name, notA(NODES.numberNode(v)));
      }
    }

    void bool(boolean v, String name) {
      if (datatype == null) {
        untyped(v ? TRUE : FALSE, 0, null, null);
      } else if (datatype == Datatype.BOOL) {
        bools(v);
      } else {
        fail(name, notA(NODES.booleanNode(v)));
      }
    }

    void string(String v, String name) {
      if (datatype == null) {
        untyped(STRING, 0, v, null);
      } else if (datatype == Datatype.BYTES) {
        try {
          limits.checkElementBytes(name, count, v);
        } catch (InferenceException e) {
          problem = e;
          count++;
          return;
        }
        strings(v);
      } else {
        fail(name, notA(NODES.textNode(v)));
      }
    }

    void other(JsonNode v, String name) {
      if (datatype == null) {
        untyped(OTHER, 0, null, v);
      } else {
        fail(name, notA(v));
      }
    }

    // -- typed storage --

    private void floats(float v) {
      if (f == null || count == f.length) {
        f = f == null ? new float[16] : Arrays.copyOf(f, grow(f.length));
      }
      f[count++] = v;
    }

    private void doubles(double v) {
      if (d == null || count == d.length) {
        d = d == null ? new double[16] : Arrays.copyOf(d, grow(d.length));
      }
      d[count++] = v;
    }

    private void ints(int v) {
      if (i == null || count == i.length) {
        i = i == null ? new int[16] : Arrays.copyOf(i, grow(i.length));
      }
      i[count++] = v;
    }

    private void longs(long v) {
      if (l == null || count == l.length) {
        l = l == null ? new long[16] : Arrays.copyOf(l, grow(l.length));
      }
      l[count++] = v;
    }

    private void bools(boolean v) {
      if (b == null || count == b.length) {
        b = b == null ? new boolean[16] : Arrays.copyOf(b, grow(b.length));
      }
      b[count++] = v;
    }

    private void strings(String v) {
      if (s == null) {
        s = new ArrayList<>();
      }
      s.add(v);
      count++;
    }

    private void untyped(byte kind, long payload, String text, JsonNode other) {
      if (count == kinds.length) {
        kinds = Arrays.copyOf(kinds, grow(kinds.length));
        bits = Arrays.copyOf(bits, kinds.length);
      }
      if (text != null) {
        if (s == null) {
          s = new ArrayList<>();
        }
        payload = s.size();
        s.add(text);
      }
      if (other != null) {
        if (others == null) {
          others = new ArrayList<>();
        }
        payload = others.size();
        others.add(other);
      }
      kinds[count] = kind;
      bits[count] = payload;
      count++;
      stored = count;
    }

    private int grow(int length) {
      return (int) Math.min((long) length * 2, Math.max(16, limits.maxElements()));
    }

    private void fail(String name, String message) {
      problem =
          InferenceException.invalid("input '" + name + "': element " + count + " " + message);
      count++;
    }

    private static String fits(long v, String type) {
      return "(" + v + ") does not fit " + type;
    }

    private static String bigDoesNotFit(java.math.BigInteger v, String type) {
      return "(" + v + ") does not fit " + type;
    }

    private String notA(JsonNode v) {
      String shown = v.toString();
      if (shown.length() > 40) {
        shown = shown.substring(0, 40) + "...";
      }
      return "(" + shown + ") is not a valid " + datatype;
    }

    // -- the result --

    /** The flat data array for {@code type}, or the first problem with it. */
    Object finish(String name, Datatype type) {
      if (datatype == null) {
        return convert(name, type);
      }
      if (problem != null) {
        // Recorded while the name was perhaps not yet known: name it now.
        throw rename(problem, name);
      }
      if (datatype != type) {
        // Cannot happen: a second "datatype" key is refused by the parser.
        throw new IllegalStateException("datatype changed after its data");
      }
      return switch (type) {
        case FP32 -> f == null ? new float[0] : Arrays.copyOf(f, count);
        case FP64 -> d == null ? new double[0] : Arrays.copyOf(d, count);
        case INT32 -> i == null ? new int[0] : Arrays.copyOf(i, count);
        case INT64 -> l == null ? new long[0] : Arrays.copyOf(l, count);
        case BOOL -> b == null ? new boolean[0] : Arrays.copyOf(b, count);
        case BYTES -> s == null ? new String[0] : s.toArray(String[]::new);
      };
    }

    private static InferenceException rename(InferenceException e, String name) {
      String m = e.getMessage();
      if (m.startsWith("input '?'")) {
        return InferenceException.invalid(
            "input '" + name + "'" + m.substring("input '?'".length()));
      }
      return e;
    }

    /** Converts untyped leaves once the datatype is known, as the tree decoder did. */
    private Object convert(String name, Datatype type) {
      Data typed = new Data(type, limits);
      for (int k = 0; k < stored; k++) {
        if (!typed.wantsMore()) {
          break;
        }
        long v = bits[k];
        switch (kinds[k]) {
          case INT -> typed.integer(v, false, name);
          case LONG -> typed.integer(v, true, name);
          case BIG -> typed.bigInteger(new java.math.BigInteger(s.get((int) v)), name);
          case DOUBLE -> typed.floating(Double.longBitsToDouble(v), name);
          case TRUE -> typed.bool(true, name);
          case FALSE -> typed.bool(false, name);
          case STRING -> typed.string(s.get((int) v), name);
          default -> typed.other(others.get((int) v), name);
        }
      }
      if (problem != null && typed.problem == null) {
        typed.problem = problem; // over max-elements while untyped
      }
      return typed.finish(name, type);
    }
  }
}
