package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.contract.BaselineHeaders;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BaselineAnswerTest {
  private static final String URI = "pvc://models/fraud/3/baseline.json";
  private static final BaselineAnswer.Expected EXPECTED = new BaselineAnswer.Expected("3", URI);
  private static final String BODY =
      """
      {"schemaVersion": 1, "rowCount": 2000, "features": [
        {"name": "amount", "type": "NUMERIC", "binEdges": [0.0, 1.0, 2.0], "counts": [1200, 800],
         "missing": 0, "mean": 0.9, "stddev": 0.4, "someFutureField": true},
        {"name": "country", "type": "CATEGORICAL", "categories": {"DE": 60, "FR": 40},
         "missing": 3}]}
      """;

  private static Function<String, Optional<String>> headers(String version, String uri) {
    Map<String, String> headers = new HashMap<>();
    if (version != null) {
      headers.put(BaselineHeaders.MODEL_VERSION, version);
    }
    if (uri != null) {
      headers.put(BaselineHeaders.BASELINE_URI, uri);
    }
    headers.put(BaselineHeaders.BASELINE_SHA256, "ab".repeat(32));
    return name -> Optional.ofNullable(headers.get(name));
  }

  @Test
  void readsTheBaselineOfTheExpectedVersionAndFile() {
    BaselineStatistics baseline = BaselineAnswer.parse(200, headers("3", URI), BODY, EXPECTED);

    assertThat(baseline.rowCount()).isEqualTo(2000);
    assertThat(baseline.features())
        .extracting(FeatureBaseline::name)
        .containsExactly("amount", "country");
    assertThat(baseline.features().get(0).counts()).containsExactly(1200L, 800L);
    assertThat(baseline.features().get(1).categories()).containsEntry("DE", 60L);
  }

  @Test
  void aPodServingAnotherVersionIsNotBelieved() {
    assertThatThrownBy(() -> BaselineAnswer.parse(200, headers("2", URI), BODY, EXPECTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("it serves model version 2, not 3");
    assertThatThrownBy(() -> BaselineAnswer.parse(200, headers(null, URI), BODY, EXPECTED))
        .hasMessage("it serves model version (no Gantry-Model-Version header), not 3");
  }

  @Test
  void aPodThatLoadedAnotherBaselineIsNotBelieved() {
    assertThatThrownBy(
            () ->
                BaselineAnswer.parse(
                    200, headers("3", "pvc://models/fraud/2/baseline.json"), BODY, EXPECTED))
        .hasMessage("it loaded its baseline from pvc://models/fraud/2/baseline.json, not " + URI);
    assertThatThrownBy(() -> BaselineAnswer.parse(200, headers("3", null), BODY, EXPECTED))
        .hasMessageContaining("(no Gantry-Baseline-Uri header)");
  }

  @Test
  void errorAnswersSayWhatTheServerSaid() {
    assertThatThrownBy(
            () ->
                BaselineAnswer.parse(
                    404,
                    headers(null, null),
                    "{\"error\": \"model 'fraud' version '3' was loaded without baseline"
                        + " statistics (none at pvc://models/fraud/3/baseline.json)\"}",
                    EXPECTED))
        .hasMessage(
            "HTTP 404: model 'fraud' version '3' was loaded without baseline statistics (none at"
                + " pvc://models/fraud/3/baseline.json)");
    assertThatThrownBy(
            () -> BaselineAnswer.parse(404, headers(null, null), "x".repeat(1000), EXPECTED))
        .hasMessage("HTTP 404: " + "x".repeat(300) + "...");
    assertThatThrownBy(() -> BaselineAnswer.parse(503, headers(null, null), null, EXPECTED))
        .hasMessage("HTTP 503: ");
  }

  @Test
  void bodiesThatAreNoBaselineAreRefused() {
    assertThatThrownBy(() -> BaselineAnswer.parse(200, headers("3", URI), "<html>", EXPECTED))
        .hasMessageStartingWith("the baseline is not JSON: ");
    assertThatThrownBy(
            () ->
                BaselineAnswer.parse(
                    200, headers("3", URI), "{\"rowCount\": 5, \"features\": []}", EXPECTED))
        .hasMessage("the baseline has no features");
  }
}
