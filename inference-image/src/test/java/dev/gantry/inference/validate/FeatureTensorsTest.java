package dev.gantry.inference.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureTensorsTest {
  private static final GoldenSet FRAUD =
      new GoldenSet(
          List.of("amount", "merchant_category", "is_fraud"),
          List.of(new String[] {"950.5", "online", "1"}, new String[] {"12.0", "grocery", "0"}));

  @Test
  void aModelWithAnInputPerColumnGetsEachColumnAsItsOwnTensor() {
    // As the training image exports a fraud model: [batch, 1] per feature, strings as BYTES.
    var tensors =
        FeatureTensors.of(
                List.of(
                    new TensorSpec("amount", Datatype.FP32, new long[] {-1, 1}),
                    new TensorSpec("merchant_category", Datatype.BYTES, new long[] {-1, 1})),
                FRAUD,
                List.of("amount", "merchant_category"))
            .batch(FRAUD.rows());

    assertThat(tensors).extracting(Tensor::name).containsExactly("amount", "merchant_category");
    assertThat(tensors.get(0).shape()).containsExactly(2, 1);
    assertThat((float[]) tensors.get(0).data()).containsExactly(950.5f, 12.0f);
    assertThat(tensors.get(1).datatype()).isEqualTo(Datatype.BYTES);
    assertThat((String[]) tensors.get(1).data()).containsExactly("online", "grocery");
  }

  @Test
  void aMatrixModelGetsTheFeatureColumnsInOrder() {
    GoldenSet numbers =
        new GoldenSet(
            List.of("a", "b", "y"),
            List.of(new String[] {"1", "2", "0"}, new String[] {"3", "4", "1"}));
    var tensors =
        FeatureTensors.of(
                List.of(new TensorSpec("x", Datatype.FP64, new long[] {-1, 2})),
                numbers,
                List.of("b", "a"))
            .batch(numbers.rows());

    assertThat(tensors).singleElement().satisfies(t -> assertThat(t.shape()).containsExactly(2, 2));
    assertThat((double[]) tensors.get(0).data()).containsExactly(2, 1, 4, 3);
  }

  @Test
  void saysWhichInputTheGoldenSetLacksOrCannotFeed() {
    assertThatThrownBy(
            () ->
                FeatureTensors.of(
                    List.of(new TensorSpec("hour", Datatype.FP32, new long[] {-1, 1})),
                    FRAUD,
                    List.of("amount")))
        .hasMessageContaining("the model's input hour is not a column of the golden set");
    assertThatThrownBy(
            () ->
                FeatureTensors.of(
                    List.of(new TensorSpec("image", Datatype.FP32, new long[] {-1, 3, 224, 224})),
                    FRAUD,
                    List.of("amount")))
        .hasMessageContaining("one [batch, 1] FP32/FP64/BYTES input per column");
  }
}
