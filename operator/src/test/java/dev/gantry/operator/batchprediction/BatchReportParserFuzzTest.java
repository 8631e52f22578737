package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.common.TerminationMessages;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes a batch pod's termination message (a BatchReport line, maybe after a log tail): any text
 * parses to a report with a step (and seconds the status can hold), or to none, and its tail is
 * quotable; never an exception.
 */
class BatchReportParserFuzzTest {

  @Property(tries = 1000)
  void anyMessageIsAReportOrNone(@ForAll("messages") String message) {
    BatchReportParser.parse(message)
        .ifPresent(
            r -> {
              assertThat(r.step()).isNotNull();
              // The status calculator writes seconds as a decimal: it must be a finite number.
              if (r.seconds() != null) {
                assertThat(r.seconds()).isFinite();
              }
            });
    assertThat(BatchReportParser.tail(message).length()).isLessThanOrEqualTo(303);
  }

  @Provide
  Arbitrary<String> messages() {
    Arbitrary<String> reports =
        TerminationMessages.object(
            List.of("step", "ok", "shard", "totalRows", "predicted", "seconds", "reason"),
            List.of(
                Arbitraries.of("\"plan\"", "\"shard\""),
                Arbitraries.of("true", "false"),
                Arbitraries.of("3", "-1", "99999999999"),
                Arbitraries.of("250000", "1e999"),
                Arbitraries.of("1", "-5"),
                Arbitraries.of("0.61", "1e999", "-1e999"),
                Arbitraries.of("\"InputNotFound\"", "7")));
    Arbitrary<String> withLog =
        Combinators.combine(Arbitraries.strings().ofMaxLength(40), reports)
            .as((log, report) -> log + "\n" + report);
    return Arbitraries.oneOf(
        reports,
        withLog,
        TerminationMessages.mutated(withLog),
        Arbitraries.strings().ofMaxLength(64));
  }
}
