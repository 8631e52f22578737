package dev.gantry.inference.protocol;

import static dev.gantry.inference.fuzz.Refusals.refused;
import static dev.gantry.inference.fuzz.Refusals.successOrClientError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.fuzz.Allocation;
import dev.gantry.inference.fuzz.FuzzBudget;
import dev.gantry.inference.fuzz.Requests;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes the raw tensor bytes both bindings carry (REST binary extension, gRPC raw contents): any
 * bytes decode or are refused, decoding is the inverse of encoding, and a BYTES length prefix never
 * sizes an allocation by itself.
 */
@AddLifecycleHook(FuzzBudget.class)
class RawTensorCodecFuzzTest {

  @Property
  void anyBytesDecodeOrAreRefused(
      @ForAll Datatype datatype, @ForAll @Size(max = 256) byte[] bytes) {
    assertThat(
            Allocation.of(
                () ->
                    successOrClientError(
                        () ->
                            RawTensorCodec.decode(
                                "x", datatype, ByteBuffer.wrap(bytes), RequestLimits.DEFAULTS))))
        .isLessThan(64L * bytes.length + 64 * 1024);
    successOrClientError(
            () ->
                RawTensorCodec.decode(
                    "x", datatype, ByteBuffer.wrap(bytes), RequestLimits.DEFAULTS))
        .ifPresent(
            data -> {
              if (datatype.byteSize() > 0) {
                assertThat(Array.getLength(data)).isEqualTo(bytes.length / datatype.byteSize());
              }
            });
  }

  @Property
  void decodingIsTheInverseOfEncoding(@ForAll("tensors") Tensor t) {
    ByteBuffer raw = RawTensorCodec.encode(t);
    Object back = RawTensorCodec.decode(t.name(), t.datatype(), raw, RequestLimits.DEFAULTS);
    assertThat(new Tensor(t.name(), t.datatype(), t.shape(), back)).isEqualTo(t);
  }

  @Property
  void aBytesLengthPrefixNeverSizesAnAllocation(
      @ForAll @IntRange(min = 1 << 20, max = Integer.MAX_VALUE) int length) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(length).putInt(0x41414141).putInt(0x41414141).flip();
    assertThat(
            Allocation.of(
                () ->
                    refused(
                        () ->
                            RawTensorCodec.decode("x", Datatype.BYTES, b, RequestLimits.DEFAULTS))))
        .isLessThan(64 * 1024);
  }

  @Property(tries = 50)
  void elementLimitsHoldForRawData(@ForAll Datatype datatype) {
    RequestLimits small = new RequestLimits(1 << 20, 4, 8, 4);
    int width = datatype.byteSize() > 0 ? datatype.byteSize() : 5;
    ByteBuffer b = ByteBuffer.allocate(9 * width).order(ByteOrder.LITTLE_ENDIAN);
    if (datatype == Datatype.BYTES) {
      for (int i = 0; i < 9; i++) {
        b.putInt(1).put((byte) 'a');
      }
      b.flip();
    }
    assertThat(refused(() -> RawTensorCodec.decode("x", datatype, b, small)).getMessage())
        .contains("gantry.limits.max-elements");
  }

  @Provide
  Arbitrary<Tensor> tensors() {
    return Arbitraries.of(Datatype.class)
        .flatMap(
            d ->
                Requests.data(d, 0, 16)
                    .map(data -> new Tensor("x", d, new long[] {Array.getLength(data)}, data)));
  }
}
