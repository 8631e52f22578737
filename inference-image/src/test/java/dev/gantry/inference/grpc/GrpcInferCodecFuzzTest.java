package dev.gantry.inference.grpc;

import static dev.gantry.inference.fuzz.Refusals.refused;
import static dev.gantry.inference.fuzz.Refusals.successOrClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.inference.fuzz.Allocation;
import dev.gantry.inference.fuzz.FuzzBudget;
import dev.gantry.inference.fuzz.GrpcFuzzMessages;
import dev.gantry.inference.fuzz.Mutations;
import dev.gantry.inference.fuzz.Requests;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.RequestLimits;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.InferRequestValidator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the gRPC binding's decoding ({@link GrpcInferCodec}) and the validator after it: any
 * message the transport could parse is decoded or refused as INVALID_ARGUMENT, and a message that
 * declares huge shapes or lengths is refused before anything is sized by them.
 */
@AddLifecycleHook(FuzzBudget.class)
class GrpcInferCodecFuzzTest {

  private static final RequestLimits LIMITS = RequestLimits.DEFAULTS;

  /** A decoded message is an in-memory copy: linear in the serialized size, plus some slack. */
  private static long allocationBound(ModelInferRequest m) {
    return 32L * m.getSerializedSize() + 1024 * 1024;
  }

  @Property
  void chaoticMessagesAreDecodedAndValidatedOrRefused(
      @ForAll("chaotic") Tuple.Tuple3<ModelSignature, ModelInferRequest, InferRequestValidator> c) {
    decodeAndValidate(c.get1(), c.get2(), c.get3());
  }

  @Property
  void mutatedMessagesAreDecodedAndValidatedOrRefused(
      @ForAll("mutants") Tuple.Tuple3<ModelSignature, byte[], InferRequestValidator> c) {
    ModelInferRequest m;
    try {
      m = ModelInferRequest.parseFrom(c.get2());
    } catch (InvalidProtocolBufferException e) {
      // The transport refuses what protobuf cannot parse, before the codec sees it.
      Statistics.collect("not protobuf");
      return;
    }
    decodeAndValidate(c.get1(), m, c.get3());
  }

  @Property
  void validMessagesDecodeToTheirTensors(
      @ForAll("validInputs") List<Tensor> inputs, @ForAll boolean raw) {
    InferRequest r = GrpcInferCodec.decode(Requests.grpc("m", inputs, raw), LIMITS);
    assertThat(r.inputs()).isEqualTo(inputs);
    assertThat(r.rawOutput()).isEqualTo(raw);
  }

  @Property
  void declaredSizesNeverDriveAllocation(@ForAll("liars") ModelInferRequest m) {
    assertThat(Allocation.of(() -> refused(() -> GrpcInferCodec.decode(m, LIMITS))))
        .isLessThan(allocationBound(m));
  }

  private static void decodeAndValidate(
      ModelSignature signature, ModelInferRequest m, InferRequestValidator validator) {
    assertThat(Allocation.of(() -> successOrClientError(() -> GrpcInferCodec.decode(m, LIMITS))))
        .isLessThan(allocationBound(m));
    Optional<InferRequest> decoded = successOrClientError(() -> GrpcInferCodec.decode(m, LIMITS));
    if (decoded.isEmpty()) {
      Statistics.collect("refused by the codec");
      return;
    }
    var valid = successOrClientError(() -> validator.validate(decoded.get()));
    Statistics.collect(valid.isPresent() ? "valid" : "refused by the validator");
    valid.ifPresent(
        v -> {
          assertThat(v.inputs()).hasSameSizeAs(signature.inputs());
          assertThat(v.rows()).isNotNegative();
        });
  }

  // ---- generators ----

  @Provide
  Arbitrary<List<Tensor>> validInputs() {
    return Requests.signatures().flatMap(Requests::validInputs);
  }

  @Provide
  Arbitrary<Tuple.Tuple3<ModelSignature, ModelInferRequest, InferRequestValidator>> chaotic() {
    return Requests.signatures()
        .flatMap(
            s ->
                Combinators.combine(GrpcFuzzMessages.chaotic(s), Requests.validators(s))
                    .as((m, v) -> Tuple.of(s, m, v)));
  }

  @Provide
  Arbitrary<Tuple.Tuple3<ModelSignature, byte[], InferRequestValidator>> mutants() {
    return Requests.signatures()
        .flatMap(
            s -> {
              Arbitrary<byte[]> seeds =
                  Combinators.combine(Requests.validInputs(s), Arbitraries.of(true, false))
                      .as((in, raw) -> Requests.grpc("m", in, raw).toByteArray());
              return Combinators.combine(Mutations.of(seeds), Requests.validators(s))
                  .as((b, v) -> Tuple.of(s, b, v));
            });
  }

  /** Messages that declare a billion elements, or an overflowing shape, with a few bytes. */
  @Provide
  Arbitrary<ModelInferRequest> liars() {
    return Combinators.combine(
            Arbitraries.of(Requests.DATATYPES),
            Arbitraries.of(
                List.of(1_000_000_000L, 4L),
                List.of(1L << 32, 0L),
                List.of(Long.MAX_VALUE),
                List.of(3_037_000_500L, 3_037_000_500L),
                List.of(0L, 1L << 40)),
            GrpcFuzzMessages.contents(),
            Arbitraries.of(true, false))
        .as(
            (datatype, shape, contents, raw) -> {
              ModelInferRequest.InferInputTensor.Builder in =
                  ModelInferRequest.InferInputTensor.newBuilder()
                      .setName("input")
                      .setDatatype(datatype)
                      .addAllShape(shape);
              ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName("m");
              if (raw) {
                b.addRawInputContents(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x7f, 0, 0}));
              } else {
                in.setContents(contents);
              }
              return b.addInputs(in).build();
            });
  }
}
