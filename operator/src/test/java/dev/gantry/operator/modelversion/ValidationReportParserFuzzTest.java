package dev.gantry.operator.modelversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.common.TerminationMessages;
import dev.gantry.operator.modelversion.ValidationReportParser.Invalid;
import dev.gantry.operator.modelversion.ValidationReportParser.Valid;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the validation pod's termination message: any text parses to a report or to Invalid with
 * ReportMissing / ReportInvalid, never an exception.
 */
class ValidationReportParserFuzzTest {

  @Property(tries = 1000)
  void anyMessageIsAReportOrInvalidWithAReason(@ForAll("messages") String message) {
    switch (ValidationReportParser.parse(message)) {
      case Invalid invalid -> {
        assertThat(invalid.reason())
            .isIn(ModelVersionReasons.REPORT_MISSING, ModelVersionReasons.REPORT_INVALID);
        assertThat(invalid.message()).isNotBlank();
      }
      case Valid valid -> {
        assertThat(valid.report().metrics()).doesNotContainKey(null);
        assertThat(valid.report().failedGates()).doesNotContainNull();
      }
    }
  }

  @Provide
  Arbitrary<String> messages() {
    Arbitrary<String> reports =
        TerminationMessages.object(
            List.of("passed", "modelUri", "sha256", "metrics", "failedGates", "error", "simulated"),
            List.of(
                Arbitraries.of("true", "false"),
                Arbitraries.of("\"pvc://models/m/1/model.onnx\""),
                Arbitraries.of("\"" + "ab".repeat(32) + "\""),
                TerminationMessages.metrics(),
                Arbitraries.of("[]", "[\"auc>=0.9 (actual 0.8)\"]", "[1, null]", "\"x\""),
                Arbitraries.of("\"ChecksumMismatchException: ...\"", "null"),
                Arbitraries.of("true", "false", "\"yes\"")));
    return Arbitraries.oneOf(
        reports, TerminationMessages.mutated(reports), Arbitraries.strings().ofMaxLength(64));
  }
}
