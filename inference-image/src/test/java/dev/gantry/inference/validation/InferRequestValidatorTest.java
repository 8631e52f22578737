package dev.gantry.inference.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InferRequestValidatorTest {

  /** A model with x FP32 [batch, 2] and a categorical "country" INT64 [batch]. */
  private static final ModelSignature SIGNATURE =
      new ModelSignature(
          List.of(
              new TensorSpec("x", Datatype.FP32, new long[] {-1, 2}),
              new TensorSpec("country", Datatype.INT64, new long[] {-1})),
          List.of(new TensorSpec("y", Datatype.FP32, new long[] {-1, 1})));

  private static final BaselineStatistics BASELINE =
      new BaselineStatistics(
          1,
          100,
          List.of(
              new FeatureBaseline(
                  "country",
                  FeatureType.CATEGORICAL,
                  null,
                  null,
                  Map.of("1", 60L, "2", 40L),
                  0,
                  null,
                  null),
              new FeatureBaseline(
                  "amount",
                  FeatureType.NUMERIC,
                  List.of(0.0, 5.0, 10.0),
                  List.of(50L, 50L),
                  null,
                  0,
                  5.0,
                  2.0),
              new FeatureBaseline(
                  "age",
                  FeatureType.NUMERIC,
                  List.of(18.0, 40.0, 90.0),
                  List.of(50L, 50L),
                  null,
                  0,
                  40.0,
                  10.0)));

  private static InferRequestValidator validator(ValidationMode mode, NonFinitePolicy nonFinite) {
    return new InferRequestValidator(
        SIGNATURE, FeatureMap.bind(SIGNATURE, Optional.of(BASELINE)), mode, nonFinite, 0.0);
  }

  private static InferRequest request(float amount, float age, long country) {
    return new InferRequest(
        "m",
        null,
        null,
        Map.of(),
        List.of(
            new Tensor("x", Datatype.FP32, new long[] {1, 2}, new float[] {amount, age}),
            new Tensor("country", Datatype.INT64, new long[] {1}, new long[] {country})),
        List.of(),
        false,
        Set.of());
  }

  @Test
  void baselineFeaturesBindToWholeInputsByNameAndToColumnsInOrder() {
    List<FeatureBinding> bindings = FeatureMap.bind(SIGNATURE, Optional.of(BASELINE));
    assertThat(bindings)
        .extracting(b -> b.feature().name() + "@" + b.input() + ":" + b.column())
        .containsExactly("country@country:-1", "amount@x:0", "age@x:1");
  }

  @Test
  void rejectModeRefusesValuesOutsideTheTrainingRangeNamingTheFeature() {
    assertThatThrownBy(
            () ->
                validator(ValidationMode.Reject, NonFinitePolicy.Reject)
                    .validate(request(3, 95, 1)))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("input 'x' column 1 (feature 'age') row 0: value 95.0 is outside");
  }

  @Test
  void rejectModeRefusesCategoriesNeverSeenInTraining() {
    assertThatThrownBy(
            () ->
                validator(ValidationMode.Reject, NonFinitePolicy.Reject)
                    .validate(request(3, 30, 7)))
        .hasMessageContaining(
            "input 'country' (feature 'country') row 0: value '7' is not a category seen in training");
  }

  @Test
  void warnModeLetsOutOfRangeValuesThroughAndReportsTheFeatures() {
    ValidatedRequest v =
        validator(ValidationMode.Warn, NonFinitePolicy.Reject).validate(request(-4, 95, 7));
    assertThat(v.warnings()).containsExactly("country", "amount", "age");
    assertThat(v.rows()).isEqualTo(1);
  }

  @Test
  void offModeSkipsRangeChecksButNeverStructureChecks() {
    assertThat(
            validator(ValidationMode.Off, NonFinitePolicy.Reject)
                .validate(request(-4, 95, 7))
                .warnings())
        .isEmpty();
    InferRequest wrongType =
        new InferRequest(
            "m",
            null,
            null,
            Map.of(),
            List.of(
                new Tensor("x", Datatype.FP64, new long[] {1, 2}, new double[] {1, 2}),
                new Tensor("country", Datatype.INT64, new long[] {1}, new long[] {1})),
            List.of(),
            false,
            Set.of());
    assertThatThrownBy(
            () -> validator(ValidationMode.Off, NonFinitePolicy.Reject).validate(wrongType))
        .hasMessageContaining("input 'x': datatype FP64 does not match the model's FP32");
  }

  @Test
  void nonFinitePolicyAllowLetsNaNThroughAndRangeChecksIgnoreIt() {
    ValidatedRequest v =
        validator(ValidationMode.Reject, NonFinitePolicy.Allow).validate(request(Float.NaN, 30, 1));
    assertThat(v.inputs()).hasSize(2);
    assertThatThrownBy(
            () ->
                validator(ValidationMode.Reject, NonFinitePolicy.Reject)
                    .validate(request(Float.NaN, 30, 1)))
        .hasMessageContaining("input 'x': element 0 is NaN");
  }

  @Test
  void inputsWithDifferentBatchSizesAreRefused() {
    InferRequest mismatch =
        new InferRequest(
            "m",
            null,
            null,
            Map.of(),
            List.of(
                new Tensor("x", Datatype.FP32, new long[] {2, 2}, new float[] {1, 20, 2, 30}),
                new Tensor("country", Datatype.INT64, new long[] {1}, new long[] {1})),
            List.of(),
            false,
            Set.of());
    assertThatThrownBy(
            () -> validator(ValidationMode.Off, NonFinitePolicy.Reject).validate(mismatch))
        .hasMessageContaining("input 'country': batch dimension 1 differs from input 'x' (2)");
  }

  @Test
  void validInputsComeBackInTheModelsOrder() {
    InferRequest reversed =
        new InferRequest(
            "m",
            null,
            null,
            Map.of(),
            List.of(
                new Tensor("country", Datatype.INT64, new long[] {1}, new long[] {2}),
                new Tensor("x", Datatype.FP32, new long[] {1, 2}, new float[] {1, 20})),
            List.of("y"),
            false,
            Set.of());
    ValidatedRequest v =
        validator(ValidationMode.Reject, NonFinitePolicy.Reject).validate(reversed);
    assertThat(v.inputs()).extracting(Tensor::name).containsExactly("x", "country");
    assertThat(v.outputs()).containsExactly("y");
  }

  /**
   * Found by InferRequestValidatorFuzzTest: a batch dimension beyond an int (with zero-width rows,
   * so that the element count still matched) was cast to a wrong row count. The decoders refuse
   * such shapes first (gantry.limits.max-elements); the validator refuses them on its own too.
   */
  @Test
  void aBatchDimensionBeyondAnIntIsRefused() {
    ModelSignature free =
        new ModelSignature(
            List.of(new TensorSpec("x", Datatype.INT64, new long[] {-1, -1})),
            List.of(new TensorSpec("y", Datatype.INT64, new long[] {-1, -1})));
    InferRequestValidator v =
        new InferRequestValidator(
            free, List.of(), ValidationMode.Reject, NonFinitePolicy.Reject, 0.0);
    InferRequest huge =
        new InferRequest(
            "m",
            null,
            null,
            Map.of(),
            List.of(new Tensor("x", Datatype.INT64, new long[] {1L << 32, 0}, new long[0])),
            List.of(),
            false,
            Set.of());
    assertThatThrownBy(() -> v.validate(huge))
        .hasMessageContaining("input 'x': batch dimension 4294967296 is too large");
    InferRequest zeroRows =
        new InferRequest(
            "m",
            null,
            null,
            Map.of(),
            List.of(new Tensor("x", Datatype.INT64, new long[] {0, 3}, new long[0])),
            List.of(),
            false,
            Set.of());
    assertThat(v.validate(zeroRows).rows()).isZero();
  }
}
