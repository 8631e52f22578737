package dev.gantry.operator.trainingjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.common.TerminationMessages;
import dev.gantry.operator.trainingjob.TrainingResultParser.Invalid;
import dev.gantry.operator.trainingjob.TrainingResultParser.Valid;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes rank 0's termination message: any text parses to Valid or Invalid with a known reason,
 * never an exception, and a Valid result can always become a ModelVersion (its metrics are finite
 * decimals).
 */
class TrainingResultParserFuzzTest {

  private static final Set<String> REASONS =
      Set.of(
          TrainingResultParser.RESULT_MISSING,
          TrainingResultParser.RESULT_TOO_LARGE,
          TrainingResultParser.RESULT_NOT_JSON,
          TrainingResultParser.RESULT_INVALID);

  @Property(tries = 1000)
  void anyMessageIsValidOrInvalidWithAReason(@ForAll("messages") String message) {
    switch (TrainingResultParser.parse(message)) {
      case Invalid invalid -> {
        assertThat(invalid.reason()).isIn(REASONS);
        assertThat(invalid.message()).isNotBlank();
        Statistics.collect(invalid.reason());
      }
      case Valid valid -> {
        Statistics.collect("valid");
        assertThat(valid.result().artifactUri()).isNotBlank();
        // What ModelHandOff does with it: every metric becomes a decimal string.
        valid.result().metrics().values().forEach(ModelVersionResources::decimal);
      }
    }
  }

  @Provide
  Arbitrary<String> messages() {
    Arbitrary<String> results =
        TerminationMessages.object(
            List.of("artifactUri", "sha256", "metrics", "baselineUri", "modelFormat"),
            List.of(
                Arbitraries.of("\"pvc://models/m/1/model.onnx\"", "\"s3://b/k\""),
                Arbitraries.just("\"" + "ab".repeat(32) + "\""),
                TerminationMessages.metrics(),
                Arbitraries.just("\"pvc://models/m/1/baseline.json\""),
                Arbitraries.just("\"onnx\"")));
    return Arbitraries.frequencyOf(
        Tuple.of(6, results),
        Tuple.of(3, TerminationMessages.mutated(results)),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(64)),
        Tuple.of(1, Arbitraries.just("x".repeat(5000))));
  }
}
