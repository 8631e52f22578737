package dev.gantry.inference.protocol;

import static dev.gantry.inference.fuzz.Refusals.refused;
import static dev.gantry.inference.fuzz.Refusals.successOrClientError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.fuzz.Allocation;
import dev.gantry.inference.fuzz.Case;
import dev.gantry.inference.fuzz.FuzzBudget;
import dev.gantry.inference.fuzz.Mutations;
import dev.gantry.inference.fuzz.Requests;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.InferRequestValidator;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the REST binding's decoding (JSON and the binary tensor data extension) and what follows
 * it, the validator: whatever the body, the codec decodes it or refuses it as the client's fault,
 * the validator accepts a decoded request or refuses it likewise, and no declared size (a shape, a
 * binary_data_size, a BYTES length prefix) makes the codec allocate more than the body itself
 * warrants. Tries: jqwik.tries.default (junit-platform.properties; the fuzz profile raises it).
 */
@AddLifecycleHook(FuzzBudget.class)
class JsonInferCodecFuzzTest {

  private static final JsonInferCodec CODEC = new JsonInferCodec();
  private static final TreeJsonDecoder ORACLE = new TreeJsonDecoder(RequestLimits.DEFAULTS);

  /** What the codec may allocate for a body: linear in its size, with room for parser buffers. */
  private static long allocationBound(int bodyBytes) {
    return 32L * bodyBytes + 4L * 1024 * 1024;
  }

  @Property
  void anyBytesAreDecodedOrRefused(
      @ForAll @Size(max = 512) byte[] body, @ForAll("jsonLengths") Integer jsonLength) {
    successOrClientError(() -> decode(body, jsonLength));
  }

  @Property
  void mutatedRequestsAreDecodedAndValidatedOrRefused(@ForAll("mutants") Case c) {
    decodeAndValidate(c);
  }

  @Property
  void chaoticRequestsAreDecodedAndValidatedOrRefused(@ForAll("chaotic") Case c) {
    decodeAndValidate(c);
  }

  @Property
  void binaryExtensionBodiesAreDecodedAndValidatedOrRefused(@ForAll("binaryBodies") Case c) {
    decodeAndValidate(c);
  }

  /**
   * The streaming decoder means what the tree decoder it replaced meant (TreeJsonDecoder): the same
   * request, or both refuse. The one intended difference: a key given twice is refused.
   */
  @Property
  void theStreamingDecoderAgreesWithTheTreeDecoder(@ForAll("anyCase") Case c) {
    Optional<InferRequest> tree =
        successOrClientError(
            () -> ORACLE.decode(new ByteArrayInputStream(c.body()), c.jsonLength(), "m", null));
    Optional<InferRequest> streamed;
    try {
      streamed = Optional.of(decode(c.body(), c.jsonLength()));
    } catch (InferenceException e) {
      assertThat(e.kind()).isIn(InferenceException.Kind.INVALID, InferenceException.Kind.TOO_LARGE);
      if (tree.isPresent()) {
        assertThat(e.getMessage())
            .as("only a duplicate key may part them")
            .contains("Duplicate field");
      }
      Statistics.collect(tree.isPresent() ? "duplicate key" : "both refuse");
      return;
    }
    assertThat(tree).as("the tree decoder refused what the streaming one decoded").isPresent();
    assertThat(streamed.get()).isEqualTo(tree.get());
    Statistics.collect("same request");
  }

  @Property
  void validRequestsDecodeToTheirTensors(
      @ForAll("validInputs") List<Tensor> inputs, @ForAll boolean nested, @ForAll boolean binary) {
    InferRequest r;
    if (binary) {
      Tuple.Tuple2<byte[], Integer> body = Requests.binary(inputs);
      r = decode(body.get1(), body.get2());
    } else {
      r = decode(Requests.json(inputs, nested, List.of()), null);
    }
    assertThat(r.inputs()).isEqualTo(inputs);
  }

  /** A request that declares far more than it carries is refused before anything is sized by it. */
  @Property
  void declaredSizesNeverDriveAllocation(@ForAll("liars") Tuple.Tuple2<byte[], Integer> liar) {
    byte[] body = liar.get1();
    assertThat(Allocation.of(() -> refused(() -> decode(body, liar.get2()))))
        .isLessThan(allocationBound(body.length));
  }

  @Property(tries = 20)
  void aBodyOverTheLimitIsRefusedAsTooLarge(@ForAll @IntRange(min = 1, max = 64) int extra) {
    JsonInferCodec small = new JsonInferCodec(new RequestLimits(1024, 8, 64, 16));
    byte[] body = ("{\"inputs\": [" + " ".repeat(1024 + extra) + "]}").getBytes();
    assertThat(refused(() -> small.decode(new ByteArrayInputStream(body), null, "m", null)).kind())
        .isEqualTo(InferenceException.Kind.TOO_LARGE);
    assertThat(refused(() -> small.decode(new ByteArrayInputStream(body), 10, "m", null)).kind())
        .isEqualTo(InferenceException.Kind.TOO_LARGE);
  }

  // ---- generators ----

  @Provide
  Arbitrary<Integer> jsonLengths() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(null)),
        Tuple.of(2, Arbitraries.integers().between(0, 600)),
        Tuple.of(1, Arbitraries.of(-1, Integer.MAX_VALUE, Integer.MIN_VALUE)));
  }

  @Provide
  Arbitrary<List<Tensor>> validInputs() {
    return Requests.signatures().flatMap(Requests::validInputs);
  }

  @Provide
  Arbitrary<Case> mutants() {
    return Requests.signatures()
        .flatMap(
            s ->
                Combinators.combine(Mutations.of(Requests.validJson(s)), Requests.validators(s))
                    .as((body, v) -> new Case(s, body, null, v)));
  }

  @Provide
  Arbitrary<Case> chaotic() {
    return Requests.signatures()
        .flatMap(
            s ->
                Combinators.combine(Requests.chaoticJson(s), Requests.validators(s))
                    .as((body, v) -> new Case(s, body, null, v)));
  }

  @Provide
  Arbitrary<Case> anyCase() {
    return Arbitraries.oneOf(mutants(), chaotic(), binaryBodies());
  }

  @Provide
  Arbitrary<Case> binaryBodies() {
    return Requests.signatures()
        .flatMap(
            s ->
                Combinators.combine(
                        Requests.validInputs(s),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(-3, 3),
                        Requests.validators(s))
                    .as(
                        (inputs, random, mutations, skew, v) -> {
                          Tuple.Tuple2<byte[], Integer> body = Requests.binary(inputs);
                          byte[] mutated =
                              Mutations.mutate(body.get1(), new Random(random), mutations);
                          return new Case(s, mutated, Math.max(0, body.get2() + skew), v);
                        }));
  }

  /**
   * Bodies that declare huge sizes with tiny data: a shape of a billion (or overflowing) elements,
   * a binary_data_size past the body, a BYTES length prefix of 2 GiB.
   */
  @Provide
  Arbitrary<Tuple.Tuple2<byte[], Integer>> liars() {
    Arbitrary<Tuple.Tuple2<byte[], Integer>> hugeShape =
        Combinators.combine(
                Arbitraries.of(Requests.DATATYPES),
                Arbitraries.of(
                    "[1000000000, 4]",
                    "[4294967296, 0]",
                    "[9223372036854775807]",
                    "[3037000500, 3037000500]",
                    "[1000001]",
                    "[0, 1000000000]"),
                Arbitraries.of("[]", "[1]", "[true]", "[\"a\"]"))
            .as(
                (type, shape, data) ->
                    Tuple.of(
                        ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \""
                                + type
                                + "\", \"shape\": "
                                + shape
                                + ", \"data\": "
                                + data
                                + "}]}")
                            .getBytes(StandardCharsets.UTF_8),
                        (Integer) null));
    Arbitrary<Tuple.Tuple2<byte[], Integer>> hugeBinarySize =
        Combinators.combine(
                Arbitraries.of(Requests.DATATYPES),
                Arbitraries.of("2147483647", "1099511627776", "-1", "4096"))
            .as(
                (type, size) -> {
                  byte[] json =
                      ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \""
                              + type
                              + "\", \"shape\": [1, 4], \"parameters\": {\"binary_data_size\": "
                              + size
                              + "}}]}")
                          .getBytes(StandardCharsets.UTF_8);
                  byte[] body = new byte[json.length + 16];
                  System.arraycopy(json, 0, body, 0, json.length);
                  return Tuple.of(body, json.length);
                });
    Arbitrary<Tuple.Tuple2<byte[], Integer>> hugeLengthPrefix =
        Arbitraries.of(Integer.MAX_VALUE, 1 << 30, -1, 1 << 24)
            .map(
                length -> {
                  byte[] json =
                      ("{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\":"
                              + " [1], \"parameters\": {\"binary_data_size\": 8}}]}")
                          .getBytes(StandardCharsets.UTF_8);
                  ByteBuffer b =
                      ByteBuffer.allocate(json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
                  b.put(json).putInt(length).putInt(0x41414141);
                  return Tuple.of(b.array(), json.length);
                });
    return Arbitraries.oneOf(hugeShape, hugeBinarySize, hugeLengthPrefix);
  }

  // ---- helpers ----

  private static InferRequest decode(byte[] body, Integer jsonLength) {
    return CODEC.decode(new ByteArrayInputStream(body), jsonLength, "m", null);
  }

  private static void decodeAndValidate(Case c) {
    assertThat(Allocation.of(() -> successOrClientError(() -> decode(c.body(), c.jsonLength()))))
        .isLessThan(allocationBound(c.body().length));
    Optional<InferRequest> decoded = successOrClientError(() -> decode(c.body(), c.jsonLength()));
    if (decoded.isEmpty()) {
      Statistics.collect("refused by the codec");
      return;
    }
    validate(c.signature(), c.validator(), decoded.get());
  }

  static void validate(ModelSignature signature, InferRequestValidator validator, InferRequest r) {
    var valid = successOrClientError(() -> validator.validate(r));
    Statistics.collect(valid.isPresent() ? "valid" : "refused by the validator");
    valid.ifPresent(
        v -> {
          assertThat(v.inputs()).hasSameSizeAs(signature.inputs());
          assertThat(v.rows()).isNotNegative();
          for (Tensor t : v.inputs()) {
            assertThat(Tensor.elementCount(t.shape())).isEqualTo(t.length());
          }
        });
  }
}
