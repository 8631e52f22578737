package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchReportParserTest {
  @Test
  void readsTheReportOnTheLastLineAfterALogTail() {
    String message = "some log\nmore log\n" + BatchFixtures.shardReport(2, 10, 9, 1);
    var report = BatchReportParser.parse(message).orElseThrow();
    assertThat(report.shard()).isEqualTo(2);
    assertThat(report.predicted()).isEqualTo(9);
    assertThat(report.invalid()).isEqualTo(1);
  }

  @Test
  void aLogTailOrBrokenJsonIsNoReport() {
    assertThat(BatchReportParser.parse("Exception in thread main")).isEmpty();
    assertThat(BatchReportParser.parse("{\"step\":\"shard\",\"ok\":tr")).isEmpty();
    assertThat(BatchReportParser.parse("{\"ok\":true}")).isEmpty();
    assertThat(BatchReportParser.parse(null)).isEmpty();
  }

  @Test
  void quotesTheEndOfALongMessage() {
    assertThat(BatchReportParser.tail("x".repeat(1000))).startsWith("...").hasSize(303);
  }

  /**
   * Found by BatchReportParserFuzzTest: "seconds": 1e999 parses to Infinity, which the status
   * calculator's decimal (BigDecimal.valueOf) cannot write, so every reconcile failed.
   */
  @Test
  void secondsThatAreNoFiniteNumberAreDropped() {
    var report =
        BatchReportParser.parse("{\"step\":\"shard\",\"ok\":true,\"shard\":1,\"seconds\":1e999}")
            .orElseThrow();
    assertThat(report.seconds()).isNull();
    assertThat(report.shard()).isEqualTo(1);
  }
}
