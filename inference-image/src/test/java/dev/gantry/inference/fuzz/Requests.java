package dev.gantry.inference.fuzz;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.ByteString;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import dev.gantry.inference.grpc.v2.InferParameter;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.protocol.RawTensorCodec;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import dev.gantry.inference.validation.FeatureMap;
import dev.gantry.inference.validation.InferRequestValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the fuzz properties: model signatures like the ones the server serves, requests
 * that are valid for them (the seeds mutations start from), requests whose every field may be of
 * the wrong kind, and tensors for the validator. Everything is bounded small, so that a try is
 * cheap and a failure shrinks to something readable.
 */
public final class Requests {

  /** Writes NaN and Infinity as the bare tokens Python's json module writes. */
  public static final ObjectMapper JSON =
      JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  public static final List<String> DATATYPES =
      List.of("FP32", "FP64", "INT32", "INT64", "BOOL", "BYTES");

  private Requests() {}

  // ---- signatures ----

  public static final ModelSignature TABULAR =
      new ModelSignature(
          List.of(new TensorSpec("input", Datatype.FP32, new long[] {-1, 4})),
          List.of(new TensorSpec("output", Datatype.FP32, new long[] {-1, 2})));

  public static final ModelSignature TYPES =
      new ModelSignature(
          List.of(
              new TensorSpec("d", Datatype.FP64, new long[] {-1, 2}),
              new TensorSpec("i", Datatype.INT32, new long[] {-1}),
              new TensorSpec("l", Datatype.INT64, new long[] {-1, 2}),
              new TensorSpec("flag", Datatype.BOOL, new long[] {-1}),
              new TensorSpec("text", Datatype.BYTES, new long[] {-1})),
          List.of(
              new TensorSpec("d_out", Datatype.FP64, new long[] {-1, 2}),
              new TensorSpec("text_out", Datatype.BYTES, new long[] {-1})));

  /** A model without a batch dimension and one with two dynamic dimensions. */
  public static final ModelSignature ODD =
      new ModelSignature(
          List.of(
              new TensorSpec("fixed", Datatype.FP32, new long[] {2, 3}),
              new TensorSpec("free", Datatype.INT64, new long[] {-1, -1}),
              new TensorSpec("scalar", Datatype.FP64, new long[] {})),
          List.of(new TensorSpec("y", Datatype.FP32, new long[] {2, 1})));

  public static Arbitrary<ModelSignature> signatures() {
    return Arbitraries.of(TABULAR, TYPES, ODD);
  }

  /**
   * Baselines that bind to the signatures: numeric columns f0..f3 of TABULAR's matrix, a
   * categorical "text" and "i" and a numeric "flag" for TYPES, none for ODD.
   */
  public static Optional<BaselineStatistics> baseline(ModelSignature s) {
    if (s == TABULAR) {
      List<FeatureBaseline> f = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        f.add(numeric("f" + i));
      }
      return Optional.of(new BaselineStatistics(1, 100, f));
    }
    if (s == TYPES) {
      return Optional.of(
          new BaselineStatistics(
              1,
              100,
              List.of(
                  categorical("text", Map.of("a", 3L, "", 1L)),
                  categorical("i", Map.of("0", 3L, "1", 1L)),
                  numeric("flag"))));
    }
    return Optional.empty();
  }

  private static FeatureBaseline numeric(String name) {
    return new FeatureBaseline(
        name, FeatureType.NUMERIC, List.of(-1.0, 0.0, 1.0), List.of(5L, 5L), null, 0, 0.0, 1.0);
  }

  private static FeatureBaseline categorical(String name, Map<String, Long> categories) {
    return new FeatureBaseline(
        name, FeatureType.CATEGORICAL, null, null, categories, 0, null, null);
  }

  /** A validator for the signature, with its baseline, in every mode and NaN policy. */
  public static Arbitrary<InferRequestValidator> validators(ModelSignature s) {
    return Combinators.combine(
            Arbitraries.of(ValidationMode.class),
            Arbitraries.of(NonFinitePolicy.class),
            Arbitraries.of(0.0, 0.5))
        .as(
            (mode, nonFinite, margin) ->
                new InferRequestValidator(
                    s, FeatureMap.bind(s, baseline(s)), mode, nonFinite, margin));
  }

  // ---- valid tensors and requests ----

  /** A tensor the spec accepts: dynamic dimensions 1..3, data of the right type and count. */
  public static Arbitrary<Tensor> validTensor(TensorSpec spec) {
    return Arbitraries.integers()
        .between(1, 3)
        .flatMap(
            rows -> {
              long[] shape = spec.shape().clone();
              for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                  shape[i] = i == 0 ? rows : 2;
                }
              }
              int n = (int) Tensor.elementCount(shape);
              return data(spec.datatype(), n, n)
                  .map(d -> new Tensor(spec.name(), spec.datatype(), shape, d));
            });
  }

  public static Arbitrary<List<Tensor>> validInputs(ModelSignature s) {
    List<Arbitrary<Tensor>> each = s.inputs().stream().map(Requests::validTensor).toList();
    return Combinators.combine(each).as(List::copyOf);
  }

  /** A flat data array of the datatype's Java type, with {@code min..max} elements. */
  public static Arbitrary<Object> data(Datatype datatype, int min, int max) {
    return switch (datatype) {
      case FP32 ->
          Arbitraries.floats()
              .withSpecialValue(Float.NaN)
              .withSpecialValue(Float.POSITIVE_INFINITY)
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(
                  l -> {
                    float[] a = new float[l.size()];
                    for (int i = 0; i < a.length; i++) {
                      a[i] = l.get(i);
                    }
                    return a;
                  });
      case FP64 ->
          Arbitraries.doubles()
              .withSpecialValue(Double.NaN)
              .withSpecialValue(Double.NEGATIVE_INFINITY)
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
      case INT32 ->
          Arbitraries.integers()
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
      case INT64 ->
          Arbitraries.longs()
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(l -> l.stream().mapToLong(Long::longValue).toArray());
      case BOOL ->
          Arbitraries.of(true, false)
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(
                  l -> {
                    boolean[] a = new boolean[l.size()];
                    for (int i = 0; i < a.length; i++) {
                      a[i] = l.get(i);
                    }
                    return a;
                  });
      case BYTES ->
          Arbitraries.strings()
              .ofMaxLength(12)
              .list()
              .ofMinSize(min)
              .ofMaxSize(max)
              .map(l -> (Object) l.toArray(String[]::new));
    };
  }

  /** An OIP JSON body carrying the tensors, data flat or nested by rows. */
  public static byte[] json(List<Tensor> inputs, boolean nested, List<String> outputs) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "fuzz");
    List<Object> list = new ArrayList<>();
    for (Tensor t : inputs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("datatype", t.datatype().name());
      m.put("shape", t.shape());
      Object data = boxed(t);
      if (nested && t.shape().length == 2 && t.shape()[1] > 0) {
        List<?> flat = (List<?>) data;
        int width = (int) t.shape()[1];
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += width) {
          rows.add(flat.subList(i, Math.min(flat.size(), i + width)));
        }
        data = rows;
      }
      m.put("data", data);
      list.add(m);
    }
    body.put("inputs", list);
    if (!outputs.isEmpty()) {
      body.put("outputs", outputs.stream().map(o -> Map.of("name", o)).toList());
    }
    return write(body);
  }

  /**
   * A body of the binary tensor data extension: the JSON part (its length is {@code .get2()}, the
   * Inference-Header-Content-Length) followed by every input's raw bytes.
   */
  public static Tuple.Tuple2<byte[], Integer> binary(List<Tensor> inputs) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Object> list = new ArrayList<>();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (Tensor t : inputs) {
      ByteBuffer b = RawTensorCodec.encode(t);
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      raw.writeBytes(bytes);
      list.add(
          Map.of(
              "name",
              t.name(),
              "datatype",
              t.datatype().name(),
              "shape",
              t.shape(),
              "parameters",
              Map.of("binary_data_size", bytes.length)));
    }
    body.put("inputs", list);
    body.put("parameters", Map.of("binary_data_output", true));
    byte[] json = write(body);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(json);
    all.writeBytes(raw.toByteArray());
    return Tuple.of(all.toByteArray(), json.length);
  }

  /** A gRPC request carrying the tensors, as typed contents or raw_input_contents. */
  public static ModelInferRequest grpc(String model, List<Tensor> inputs, boolean raw) {
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model).setId("fuzz");
    for (Tensor t : inputs) {
      ModelInferRequest.InferInputTensor.Builder in =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().name());
      for (long d : t.shape()) {
        in.addShape(d);
      }
      if (raw) {
        b.addRawInputContents(ByteString.copyFrom(RawTensorCodec.encode(t)));
      } else {
        in.setContents(contents(t));
      }
      b.addInputs(in);
    }
    return b.build();
  }

  static InferTensorContents contents(Tensor t) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    switch (t.datatype()) {
      case FP32 -> {
        for (float v : (float[]) t.data()) {
          c.addFp32Contents(v);
        }
      }
      case FP64 -> {
        for (double v : (double[]) t.data()) {
          c.addFp64Contents(v);
        }
      }
      case INT32 -> {
        for (int v : (int[]) t.data()) {
          c.addIntContents(v);
        }
      }
      case INT64 -> {
        for (long v : (long[]) t.data()) {
          c.addInt64Contents(v);
        }
      }
      case BOOL -> {
        for (boolean v : (boolean[]) t.data()) {
          c.addBoolContents(v);
        }
      }
      case BYTES -> {
        for (String v : (String[]) t.data()) {
          c.addBytesContents(ByteString.copyFromUtf8(v));
        }
      }
    }
    return c.build();
  }

  // ---- requests with every field possibly wrong ----

  /** Dimensions a hostile client might declare. */
  public static Arbitrary<Long> dimensions() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(0, 4)),
        Tuple.of(
            2,
            Arbitraries.of(
                -1L,
                1_000_000L,
                1_000_001L,
                1L << 31,
                1L << 32,
                1_000_000_000_000L,
                Long.MAX_VALUE,
                Long.MIN_VALUE)),
        Tuple.of(1, Arbitraries.longs()));
  }

  /** Arbitrary JSON values, {@code depth} levels deep at most. */
  public static Arbitrary<Object> jsonValue(int depth) {
    List<Tuple.Tuple2<Integer, Arbitrary<?>>> choices = new ArrayList<>();
    choices.add(Tuple.of(1, Arbitraries.just(null)));
    choices.add(Tuple.of(1, Arbitraries.of(true, false)));
    choices.add(Tuple.of(3, Arbitraries.integers()));
    choices.add(Tuple.of(1, Arbitraries.longs()));
    choices.add(
        Tuple.of(
            1,
            Arbitraries.bigIntegers()
                .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))));
    choices.add(
        Tuple.of(
            3,
            Arbitraries.doubles()
                .withSpecialValue(Double.NaN)
                .withSpecialValue(Double.POSITIVE_INFINITY)
                .withSpecialValue(Double.MAX_VALUE)));
    choices.add(Tuple.of(2, Arbitraries.strings().ofMaxLength(8)));
    if (depth > 0) {
      choices.add(Tuple.of(2, Arbitraries.lazy(() -> jsonValue(depth - 1)).list().ofMaxSize(5)));
      choices.add(
          Tuple.of(
              1,
              Arbitraries.maps(
                      Arbitraries.of("name", "data", "shape", "x", ""),
                      Arbitraries.lazy(() -> jsonValue(depth - 1)))
                  .ofMaxSize(3)));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Arbitrary<Object> value =
        (Arbitrary) Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    return value;
  }

  /** An input object in which each field is usually plausible and sometimes anything. */
  public static Arbitrary<Map<String, Object>> chaoticInput(ModelSignature s) {
    Arbitrary<Object> name =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(s.inputs().stream().map(TensorSpec::name).toList())),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(6)),
            Tuple.of(1, jsonValue(1)));
    Arbitrary<Object> datatype =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(DATATYPES)),
            Tuple.of(1, Arbitraries.of("FP16", "fp32", "", "UINT8")),
            Tuple.of(1, jsonValue(1)));
    Arbitrary<Object> shape =
        Arbitraries.frequencyOf(
            Tuple.of(9, dimensions().list().ofMaxSize(4)), Tuple.of(1, jsonValue(2)));
    Arbitrary<Object> data =
        Arbitraries.frequencyOf(
            Tuple.of(4, jsonValue(0).list().ofMaxSize(12)),
            Tuple.of(2, jsonValue(0).list().ofMaxSize(4).list().ofMaxSize(4)),
            Tuple.of(1, jsonValue(3)),
            Tuple.of(1, Arbitraries.just(null)));
    Arbitrary<Object> parameters =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(null)),
            Tuple.of(
                2,
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(-2, 64)),
                        Tuple.of(1, Arbitraries.of(Integer.MAX_VALUE, Long.MAX_VALUE, -1L << 40)),
                        Tuple.of(1, jsonValue(0)))
                    .map(size -> (Object) mapOf("binary_data_size", size))),
            Tuple.of(1, jsonValue(1)));
    return Combinators.combine(name, datatype, shape, data, parameters)
        .as(
            (n, d, sh, da, p) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", n);
              m.put("datatype", d);
              m.put("shape", sh);
              if (da != null) {
                m.put("data", da);
              }
              if (p != null) {
                m.put("parameters", p);
              }
              return m;
            });
  }

  /** A request object with plausible-or-anything inputs, outputs, parameters and id. */
  public static Arbitrary<byte[]> chaoticJson(ModelSignature s) {
    Arbitrary<Object> inputs =
        Arbitraries.frequencyOf(
            Tuple.of(9, chaoticInput(s).list().ofMinSize(0).ofMaxSize(4)),
            Tuple.of(1, jsonValue(2)));
    Arbitrary<Object> outputs =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(null)),
            Tuple.of(
                3,
                Arbitraries.of("output", "d_out", "text_out", "y", "nope")
                    .map(o -> mapOf("name", o, "parameters", mapOf("binary_data", true)))
                    .list()
                    .ofMaxSize(3)),
            Tuple.of(1, jsonValue(2)));
    Arbitrary<Object> parameters =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(null)),
            Tuple.of(2, Arbitraries.just(mapOf("binary_data_output", true))),
            Tuple.of(1, jsonValue(2)));
    return Combinators.combine(inputs, outputs, parameters, jsonValue(1))
        .as(
            (in, out, p, id) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("id", id);
              m.put("inputs", in);
              if (out != null) {
                m.put("outputs", out);
              }
              if (p != null) {
                m.put("parameters", p);
              }
              return write(m);
            });
  }

  /** Seeds for mutation: valid JSON bodies for the signature. */
  public static Arbitrary<byte[]> validJson(ModelSignature s) {
    return Combinators.combine(validInputs(s), Arbitraries.of(true, false))
        .as((in, nested) -> json(in, nested, List.of()));
  }

  static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Object boxed(Tensor t) {
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < t.length(); i++) {
      l.add(java.lang.reflect.Array.get(t.data(), i));
    }
    return l;
  }

  public static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** gRPC parameters of every kind, for the codec's parameter decoding. */
  public static Arbitrary<Map<String, InferParameter>> grpcParameters() {
    Arbitrary<InferParameter> p =
        Arbitraries.oneOf(
            Arbitraries.of(true, false)
                .map(v -> InferParameter.newBuilder().setBoolParam(v).build()),
            Arbitraries.longs().map(v -> InferParameter.newBuilder().setInt64Param(v).build()),
            Arbitraries.strings()
                .ofMaxLength(5)
                .map(v -> InferParameter.newBuilder().setStringParam(v).build()),
            Arbitraries.just(InferParameter.getDefaultInstance()));
    return Arbitraries.maps(Arbitraries.of("gantry_warmup", "binary_data_output", "x"), p)
        .ofMaxSize(2);
  }
}
