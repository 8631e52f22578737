package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.contract.FeatureBaseline;
import dev.gantry.operator.prometheus.PromSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusWindowTest {
  private static final FeatureBaseline AMOUNT =
      new FeatureBaseline(
          "amount",
          FeatureBaseline.FeatureType.NUMERIC,
          List.of(0.0, 1.0, 2.0, 3.0),
          List.of(10L, 10L, 10L),
          null,
          0,
          1.5,
          0.8);
  private static final FeatureBaseline COUNTRY =
      new FeatureBaseline(
          "country",
          FeatureBaseline.FeatureType.CATEGORICAL,
          null,
          null,
          Map.of("DE", 6L, "FR", 4L),
          0,
          null,
          null);

  private static PromSample bin(String feature, int bin, double value) {
    return new PromSample(Map.of("feature", feature, "bin", Integer.toString(bin)), value);
  }

  @Test
  void queriesSumTheGrowthSinceTheWindowStartOfTheNamespaceAndModel() {
    String bins = "gantry_inference_feature_bin_total{namespace=\"team-a\",model=\"fraud\"}";
    assertThat(PrometheusWindow.binQuery("team-a", "fraud", Duration.ofMillis(300_250)))
        .isEqualTo(
            "sum by (feature, bin) (clamp_min("
                + bins
                + " - "
                + bins
                + " offset 300250ms, 0) or "
                + bins
                + " * 1)");
    String categories =
        "gantry_inference_feature_category_total{namespace=\"team-a\",model=\"fr\\\"aud\"}";
    assertThat(PrometheusWindow.categoryQuery("team-a", "fr\"aud", Duration.ofSeconds(90)))
        .isEqualTo(
            "sum by (feature, category) (clamp_min("
                + categories
                + " - "
                + categories
                + " offset 90000ms, 0) or "
                + categories
                + " * 1)");
  }

  @Test
  void answersBecomeCountsInTheBaselinesShape() {
    var counts =
        PrometheusWindow.counts(
            List.of(bin("amount", 2, 4.5), bin("amount", 0, 1.0), bin("unknown", 0, 9)),
            List.of(
                new PromSample(Map.of("feature", "country", "category", "DE"), 3.0),
                new PromSample(Map.of("feature", "country", "category", "__other__"), 1.0)),
            List.of(AMOUNT, COUNTRY));

    assertThat(counts.get("amount").bins()).containsExactly(1.0, 0.0, 4.5);
    assertThat(counts.get("country").categories())
        .containsExactlyInAnyOrderEntriesOf(Map.of("DE", 3.0, "__other__", 1.0));
    assertThat(counts).doesNotContainKey("unknown");
  }

  @Test
  void aFeatureWithoutSeriesHasNoCounts() {
    assertThat(PrometheusWindow.counts(List.of(), List.of(), List.of(AMOUNT, COUNTRY))).isEmpty();
  }

  @Test
  void aBinTheBaselineDoesNotHaveIsRefused() {
    assertThatThrownBy(
            () -> PrometheusWindow.counts(List.of(bin("amount", 7, 1)), List.of(), List.of(AMOUNT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bin 7 but the baseline has 3 bins");
  }
}
