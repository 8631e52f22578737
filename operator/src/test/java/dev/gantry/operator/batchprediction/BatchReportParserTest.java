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
}
