package dev.gantry.inference.grpc;

import com.google.protobuf.ByteString;
import dev.gantry.inference.grpc.v2.InferParameter;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferResponse;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.RawTensorCodec;
import dev.gantry.inference.protocol.RequestLimits;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gRPC binding's messages: typed {@code contents} or {@code raw_input_contents} (little-endian,
 * BYTES elements prefixed by a 4-byte length), as Triton's and KServe's clients send them. A
 * request with raw inputs gets raw outputs back.
 */
public final class GrpcInferCodec {

  private GrpcInferCodec() {}

  /**
   * Decodes a request; element counts, dimensions and BYTES lengths are checked against {@code
   * limits} before the tensors are copied out of the message.
   */
  public static InferRequest decode(ModelInferRequest m, RequestLimits limits) {
    boolean raw = m.getRawInputContentsCount() > 0;
    if (raw && m.getRawInputContentsCount() != m.getInputsCount()) {
      throw InferenceException.invalid(
          "raw_input_contents has "
              + m.getRawInputContentsCount()
              + " entries for "
              + m.getInputsCount()
              + " inputs; it needs one per input");
    }
    if (m.getInputsCount() == 0) {
      throw InferenceException.invalid("'inputs' must not be empty");
    }
    limits.checkTensorCount(m.getInputsCount(), "inputs");
    limits.checkTensorCount(m.getOutputsCount(), "outputs");
    List<Tensor> inputs = new ArrayList<>(m.getInputsCount());
    for (int i = 0; i < m.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor in = m.getInputs(i);
      String name = in.getName();
      Datatype datatype =
          Datatype.parse(in.getDatatype())
              .orElseThrow(
                  () ->
                      InferenceException.invalid(
                          "input '"
                              + name
                              + "': unsupported datatype '"
                              + in.getDatatype()
                              + "' (supported: "
                              + Arrays.toString(Datatype.values())
                              + ")"));
      long[] shape = new long[in.getShapeCount()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.getShape(d);
        if (shape[d] < 0) {
          throw InferenceException.invalid(
              "input '" + name + "': shape dimensions must be non-negative, got " + shape[d]);
        }
      }
      limits.checkShape(name, shape);
      Object data =
          raw
              ? RawTensorCodec.decode(
                  name, datatype, m.getRawInputContents(i).asReadOnlyByteBuffer(), limits)
              : fromContents(name, datatype, in.getContents(), limits);
      inputs.add(new Tensor(name, datatype, shape, data));
    }
    List<String> outputs = new ArrayList<>();
    for (ModelInferRequest.InferRequestedOutputTensor o : m.getOutputsList()) {
      outputs.add(o.getName());
    }
    String version = m.getModelVersion().isEmpty() ? null : m.getModelVersion();
    String id = m.getId().isEmpty() ? null : m.getId();
    return new InferRequest(
        m.getModelName(),
        version,
        id,
        parameters(m.getParametersMap()),
        inputs,
        outputs,
        raw,
        Set.of());
  }

  private static Map<String, Object> parameters(Map<String, InferParameter> params) {
    if (params.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> out = new HashMap<>();
    params.forEach(
        (k, p) ->
            out.put(
                k,
                switch (p.getParameterChoiceCase()) {
                  case BOOL_PARAM -> p.getBoolParam();
                  case INT64_PARAM -> p.getInt64Param();
                  case STRING_PARAM -> p.getStringParam();
                  case DOUBLE_PARAM -> p.getDoubleParam();
                  case UINT64_PARAM -> p.getUint64Param();
                  case PARAMETERCHOICE_NOT_SET -> "";
                }));
    return out;
  }

  private static Object fromContents(
      String name, Datatype datatype, InferTensorContents c, RequestLimits limits) {
    limits.checkElements(name, contentsCount(datatype, c));
    return switch (datatype) {
      case FP32 -> {
        float[] a = new float[c.getFp32ContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getFp32Contents(i);
        }
        yield a;
      }
      case FP64 -> {
        double[] a = new double[c.getFp64ContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getFp64Contents(i);
        }
        yield a;
      }
      case INT32 -> {
        int[] a = new int[c.getIntContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getIntContents(i);
        }
        yield a;
      }
      case INT64 -> {
        long[] a = new long[c.getInt64ContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getInt64Contents(i);
        }
        yield a;
      }
      case BOOL -> {
        boolean[] a = new boolean[c.getBoolContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getBoolContents(i);
        }
        yield a;
      }
      case BYTES -> {
        String[] a = new String[c.getBytesContentsCount()];
        for (int i = 0; i < a.length; i++) {
          ByteString b = c.getBytesContents(i);
          limits.checkElementBytes(name, i, b.size());
          a[i] = b.toString(StandardCharsets.UTF_8);
        }
        yield a;
      }
    };
  }

  private static int contentsCount(Datatype datatype, InferTensorContents c) {
    return switch (datatype) {
      case FP32 -> c.getFp32ContentsCount();
      case FP64 -> c.getFp64ContentsCount();
      case INT32 -> c.getIntContentsCount();
      case INT64 -> c.getInt64ContentsCount();
      case BOOL -> c.getBoolContentsCount();
      case BYTES -> c.getBytesContentsCount();
    };
  }

  public static ModelInferResponse encode(InferResponse r, boolean raw) {
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder()
            .setModelName(r.modelName())
            .setModelVersion(r.modelVersion());
    if (r.id() != null) {
      b.setId(r.id());
    }
    for (Tensor t : r.outputs()) {
      ModelInferResponse.InferOutputTensor.Builder o =
          ModelInferResponse.InferOutputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().name());
      for (long d : t.shape()) {
        o.addShape(d);
      }
      if (raw) {
        b.addRawOutputContents(ByteString.copyFrom(RawTensorCodec.encode(t)));
      } else {
        o.setContents(toContents(t));
      }
      b.addOutputs(o);
    }
    return b.build();
  }

  private static InferTensorContents toContents(Tensor t) {
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
}
