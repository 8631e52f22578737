package dev.gantry.inference.fuzz;

import com.google.protobuf.ByteString;
import dev.gantry.inference.grpc.v2.InferTensorContents;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** gRPC messages for the fuzz properties and the server-level fuzz. */
public final class GrpcFuzzMessages {

  private GrpcFuzzMessages() {}

  /** Messages whose every field is usually plausible and sometimes wrong. */
  public static Arbitrary<ModelInferRequest> chaotic(ModelSignature s) {
    Arbitrary<ModelInferRequest.InferInputTensor> input =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.of(s.inputs().stream().map(TensorSpec::name).toList())),
                    Tuple.of(1, Arbitraries.strings().ofMaxLength(5))),
                Arbitraries.frequencyOf(
                    Tuple.of(8, Arbitraries.of(Requests.DATATYPES)),
                    Tuple.of(1, Arbitraries.of("FP16", "", "UINT8", "fp32"))),
                Requests.dimensions().list().ofMaxSize(4),
                contents())
            .as(
                (name, datatype, shape, contents) ->
                    ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(name)
                        .setDatatype(datatype)
                        .addAllShape(shape)
                        .setContents(contents)
                        .build());
    Arbitrary<List<ByteString>> raw =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<ByteString>of())),
            Tuple.of(
                2,
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMaxSize(48)
                    .map(ByteString::copyFrom)
                    .list()
                    .ofMaxSize(5)));
    return Combinators.combine(
            input.list().ofMaxSize(5),
            raw,
            Arbitraries.of("output", "d_out", "y", "nope").list().ofMaxSize(3),
            Requests.grpcParameters(),
            Arbitraries.of("", "1", "7"))
        .as(
            (inputs, rawContents, outputs, parameters, version) -> {
              ModelInferRequest.Builder b =
                  ModelInferRequest.newBuilder()
                      .setModelName("m")
                      .setModelVersion(version)
                      .addAllInputs(inputs)
                      .addAllRawInputContents(rawContents)
                      .putAllParameters(parameters);
              outputs.forEach(
                  o ->
                      b.addOutputs(
                          ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(o)));
              return b.build();
            });
  }

  /** Typed contents with any mix of fields filled, whatever the declared datatype. */
  public static Arbitrary<InferTensorContents> contents() {
    return Combinators.combine(
            Arbitraries.floats().list().ofMaxSize(12),
            Arbitraries.doubles().list().ofMaxSize(12),
            Arbitraries.integers().list().ofMaxSize(12),
            Arbitraries.longs().list().ofMaxSize(12),
            Arbitraries.of(true, false).list().ofMaxSize(12),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(8)
                .map(ByteString::copyFrom)
                .list()
                .ofMaxSize(6),
            Arbitraries.integers().between(0, 63))
        .as(
            (f, d, i, l, bools, bytes, mask) -> {
              InferTensorContents.Builder c = InferTensorContents.newBuilder();
              if ((mask & 1) != 0) {
                c.addAllFp32Contents(f);
              }
              if ((mask & 2) != 0) {
                c.addAllFp64Contents(d);
              }
              if ((mask & 4) != 0) {
                c.addAllIntContents(i);
              }
              if ((mask & 8) != 0) {
                c.addAllInt64Contents(l);
              }
              if ((mask & 16) != 0) {
                c.addAllBoolContents(bools);
              }
              if ((mask & 32) != 0) {
                c.addAllBytesContents(bytes);
              }
              return c.build();
            });
  }
}
