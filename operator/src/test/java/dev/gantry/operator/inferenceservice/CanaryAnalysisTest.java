package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static dev.gantry.operator.inferenceservice.InferenceServices.rollout;
import static dev.gantry.operator.inferenceservice.InferenceServices.rolloutSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void queriesAreScopedToTheCanaryPodsAndTheStepSoFar() {
    InferenceService isvc = isvc("fraud", "fraud-7");
    assertThat(
            CanaryAnalysis.render(
                rollout(Duration.ofSeconds(10)).errorsQuery(),
                isvc,
                ApiDurations.promRange(Duration.ofMillis(44_100))))
        .isEqualTo(
            "sum(increase(gantry_inference_requests_total{namespace=\"team-a\","
                + "pod=~\"fraud-canary-[a-z0-9]+-[a-z0-9]+\",outcome=~\"error|unavailable\"}[45s]))");
  }

  @Test
  void canaryPodRegexDoesNotMatchAnotherServiceWithALongerName() {
    String regex = InferenceServiceNames.canaryPodRegex(isvc("fraud", "fraud-7"));
    assertThat("fraud-canary-7d9f8b6c4-x2x7q").matches(regex);
    assertThat("fraud-canary-predictor-7d9f8b6c4-x2x7q").doesNotMatch(regex);
    assertThat("fraud-predictor-7d9f8b6c4-x2x7q").doesNotMatch(regex);
  }

  @Test
  void withoutPrometheusRequestedAnalysisIsUnavailable() {
    InferenceService isvc = isvc("fraud", "fraud-7");
    isvc.getSpec().rollout = rolloutSpec("1m", List.of(10, 100));
    AnalysisResult result =
        new CanaryAnalysis(Optional.empty(), rollout(Duration.ofSeconds(10)))
            .analyse(isvc, T0, T0.plusSeconds(30));
    assertThat(result).isInstanceOf(AnalysisResult.Unavailable.class);
    assertThat(((AnalysisResult.Unavailable) result).message())
        .contains("no Prometheus is configured");
  }

  @Test
  void withoutLimitsNoQueryIsMade() {
    InferenceService isvc = isvc("fraud", "fraud-7");
    isvc.getSpec().rollout = rolloutSpec("1m", List.of(10, 100));
    isvc.getSpec().rollout.analysis = null;
    // A client for a port nobody listens on: a query would come back Unavailable.
    var nowhere =
        new PrometheusQueryClient(
            URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Optional.empty());
    assertThat(
            new CanaryAnalysis(Optional.of(nowhere), rollout(Duration.ofSeconds(10)))
                .analyse(isvc, T0, T0.plusSeconds(30)))
        .isInstanceOf(AnalysisResult.NotRequested.class);
  }

  @Test
  void unreachablePrometheusIsUnavailableWithItsMessage() {
    InferenceService isvc = isvc("fraud", "fraud-7");
    isvc.getSpec().rollout = rolloutSpec("1m", List.of(10, 100));
    var nowhere =
        new PrometheusQueryClient(
            URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Optional.empty());
    AnalysisResult result =
        new CanaryAnalysis(Optional.of(nowhere), rollout(Duration.ofSeconds(10)))
            .analyse(isvc, T0, T0.plusSeconds(30));
    assertThat(result).isInstanceOf(AnalysisResult.Unavailable.class);
    assertThat(((AnalysisResult.Unavailable) result).message()).contains("127.0.0.1:1");
  }

  @Test
  void goDurationsParseTheCrdFormat() {
    assertThat(ApiDurations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ApiDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ApiDurations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ApiDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ApiDurations.promRange(Duration.ZERO)).isEqualTo("1s");
  }
}
