package dev.gantry.inference.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.inference.fuzz.Allocation;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming JSON decoder: memory, field order, duplicates and the budget outside data. */
class JsonInferCodecTest {

  private static final JsonInferCodec CODEC = new JsonInferCodec();

  private static InferRequest decode(String body) {
    return decode(body.getBytes(StandardCharsets.UTF_8));
  }

  private static InferRequest decode(byte[] body) {
    return CODEC.decode(new ByteArrayInputStream(body), null, "m", null);
  }

  private static String numbers(String value, int n) {
    StringBuilder sb = new StringBuilder(n * (value.length() + 1));
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(value);
    }
    return sb.toString();
  }

  /**
   * A body of numbers costs about its own size: the Jackson tree the decoder used to build cost
   * 30-40 bytes per element (a 16 MiB body of "1.5," allocated 580 MB, even when refused).
   */
  @Test
  void decodingAllocatesAboutTheSizeOfTheData() {
    byte[] accepted =
        ("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1000000],\"data\":["
                + numbers("1.5", 1_000_000)
                + "]}]}")
            .getBytes(StandardCharsets.UTF_8);
    // float[1000000] is 4 MB, as is the body; growing the array by doubling and trimming it
    // allocates about 3 times that.
    assertThat(Allocation.of(() -> decode(accepted))).isLessThan(4L * accepted.length);
    byte[] refused =
        ("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP64\",\"shape\":[1],\"data\":["
                + numbers("0.25", 3_000_000)
                + "]}]}")
            .getBytes(StandardCharsets.UTF_8);
    // 15 MB of numbers: the first million are stored (8 MB, 16 MB with its growth), the rest are
    // only counted.
    long refusedAllocated =
        Allocation.of(
            () ->
                assertThatThrownBy(() -> decode(refused))
                    .hasMessageContaining("data holds more than 1000000 elements"));
    assertThat(refusedAllocated).isLessThan(2L * refused.length);
  }

  @Test
  void dataMayComeBeforeItsDatatypeAndNameAndIsDecodedTheSame() {
    InferRequest r =
        decode(
            "{\"inputs\":[{\"data\":[[1, 2.5], [3e0, 4]],\"shape\":[2, 2],\"datatype\":\"FP64\","
                + "\"name\":\"x\"}]}");
    assertThat(r.inputs())
        .containsExactly(
            new Tensor("x", Datatype.FP64, new long[] {2, 2}, new double[] {1, 2.5, 3, 4}));
    assertThatThrownBy(
            () ->
                decode(
                    "{\"inputs\":[{\"data\":[1, 1.5],\"shape\":[2],\"datatype\":\"INT64\","
                        + "\"name\":\"x\"}]}"))
        .hasMessage("input 'x': element 1 (1.5) is not a valid INT64");
  }

  @Test
  void unusedDataIsNotJudged() {
    // With binary_data_size the JSON data is ignored, as the tree decoder ignored it.
    byte[] json =
        ("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT32\",\"shape\":[1],\"data\":[\"no\"],"
                + "\"parameters\":{\"binary_data_size\":4}}]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[json.length + 4];
    System.arraycopy(json, 0, body, 0, json.length);
    body[json.length] = 7;
    InferRequest r = CODEC.decode(new ByteArrayInputStream(body), json.length, "m", null);
    assertThat((int[]) r.inputs().get(0).data()).containsExactly(7);
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                decode(
                    "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"datatype\":\"INT64\","
                        + "\"shape\":[1],\"data\":[1]}]}"))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.INVALID))
        .hasMessageContaining("Duplicate field 'datatype'");
  }

  @Test
  void jsonOutsideTheDataHasABudget() {
    String parameters = "{\"p\":[" + numbers("0", 100_000) + "]}";
    assertThatThrownBy(
            () ->
                decode(
                    "{\"parameters\":"
                        + parameters
                        + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],"
                        + "\"data\":[1]}]}"))
        .hasMessageContaining("JSON values outside the inputs' data");
  }
}
