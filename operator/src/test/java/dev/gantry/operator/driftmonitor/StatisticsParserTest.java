package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsParserTest {
  @Test
  void readsBinCountsAndCategoriesOfTheInferenceServersAnswer() {
    String body =
        """
        {"model_name": "fraud", "model_version": "7", "since": "2026-11-22T17:00:00Z",
         "requests": 12, "baseline_present": true, "baseline_row_count": 2000,
         "features": [
          {"name": "amount", "type": "NUMERIC", "input": "amount", "column": -1,
           "baseline": {"name": "amount", "type": "NUMERIC", "binEdges": [0, 1, 2],
                        "counts": [5, 5], "missing": 0},
           "live": {"count": 31, "missing": 1, "binEdges": [0, 1, 2], "counts": [20, 11]}},
          {"name": "country", "type": "CATEGORICAL", "input": "country", "column": -1,
           "live": {"count": 9, "missing": 0,
                    "categories": {"DE": 5, "FR": 3, "__other__": 1}}}]}
        """;

    ServerStatistics stats = StatisticsParser.parse(body);

    assertThat(stats.since()).isEqualTo("2026-11-22T17:00:00Z");
    assertThat(stats.features().get("amount").bins()).containsExactly(20, 11);
    assertThat(stats.features().get("country").categories())
        .containsExactlyInAnyOrderEntriesOf(Map.of("DE", 5.0, "FR", 3.0, "__other__", 1.0));
  }

  @Test
  void refusesAnswersWithoutFeatures() {
    assertThatThrownBy(() -> StatisticsParser.parse("{\"error\": \"no such model\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no features");
    assertThatThrownBy(() -> StatisticsParser.parse("<html>"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
