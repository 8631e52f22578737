package dev.gantry.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.AnalysisSpec;
import dev.gantry.operator.inferenceservice.AnalysisVerdict.Outcome;
import org.junit.jupiter.api.Test;

class AnalysisEvaluatorTest {
  private static AnalysisSpec limits(String maxErrorRate, Integer maxP99, Integer minRequests) {
    AnalysisSpec spec = new AnalysisSpec();
    spec.maxErrorRate = maxErrorRate;
    spec.maxP99LatencyMillis = maxP99;
    spec.minRequests = minRequests;
    return spec;
  }

  private static AnalysisVerdict measured(
      AnalysisSpec spec, double requests, double errors, double p99) {
    return AnalysisEvaluator.evaluate(spec, new AnalysisResult.Measured(requests, errors, p99));
  }

  @Test
  void withinBothLimitsIsHealthyAndSaysTheNumbers() {
    AnalysisVerdict v = measured(limits("0.01", 50, 100), 400, 2, 31.5);
    assertThat(v.outcome()).isEqualTo(Outcome.HEALTHY);
    assertThat(v.message()).contains("400 requests", "2 errors", "error rate 0.005", "p99 31.5 ms");
  }

  @Test
  void errorRateOverTheLimitFailsWithTheNumbers() {
    AnalysisVerdict v = measured(limits("0.01", 50, 100), 200, 40, 12);
    assertThat(v.outcome()).isEqualTo(Outcome.FAILING);
    assertThat(v.reason()).isEqualTo("AnalysisFailed");
    assertThat(v.message()).startsWith("error rate 0.2 > max 0.01").contains("200 requests");
  }

  @Test
  void errorRateExactlyAtTheLimitPasses() {
    assertThat(measured(limits("0.01", null, 0), 1000, 10, Double.NaN).outcome())
        .isEqualTo(Outcome.HEALTHY);
  }

  @Test
  void p99OverTheLimitFails() {
    AnalysisVerdict v = measured(limits(null, 50, 10), 100, 0, 120.0);
    assertThat(v.outcome()).isEqualTo(Outcome.FAILING);
    assertThat(v.message()).startsWith("p99 latency 120 ms > max 50 ms");
  }

  @Test
  void bothLimitsBrokenNameBoth() {
    assertThat(measured(limits("0.01", 50, 10), 100, 50, 120.0).message())
        .contains("error rate 0.5 > max 0.01; p99 latency 120 ms > max 50 ms");
  }

  @Test
  void fewerRequestsThanMinRequestsIsInconclusiveEvenWithErrors() {
    AnalysisVerdict v = measured(limits("0.01", 50, 100), 10, 10, 500);
    assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(v.message()).isEqualTo("canary served 10 requests; analysis needs at least 100");
  }

  @Test
  void unknownLatencyIsNotAFailure() {
    assertThat(measured(limits(null, 50, 1), 5, 0, Double.NaN).outcome())
        .isEqualTo(Outcome.HEALTHY);
  }

  @Test
  void noPrometheusIsInconclusiveWithTheReason() {
    AnalysisVerdict v =
        AnalysisEvaluator.evaluate(
            limits("0.01", null, null),
            new AnalysisResult.Unavailable("AnalysisUnavailable", "no Prometheus is configured"));
    assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo("AnalysisUnavailable");
  }

  @Test
  void analysisIsRequestedOnlyWhenALimitIsSet() {
    assertThat(AnalysisEvaluator.requested(null)).isFalse();
    assertThat(AnalysisEvaluator.requested(limits(null, null, 100))).isFalse();
    assertThat(AnalysisEvaluator.requested(limits("0.01", null, null))).isTrue();
    assertThat(AnalysisEvaluator.requested(limits(null, 10, null))).isTrue();
    assertThat(AnalysisEvaluator.evaluate(null, new AnalysisResult.NotRequested()).outcome())
        .isEqualTo(Outcome.HEALTHY);
  }
}
