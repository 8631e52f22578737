package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.prometheus.PromSample;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import dev.gantry.operator.prometheus.PrometheusQueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a canary's numbers for the current step through the Prometheus query API. Without a
 * configured Prometheus, a rollout that asks for analysis holds its step with a condition that says
 * so (it never promotes on numbers it does not have); one that asks for none needs no numbers.
 */
public final class CanaryAnalysis {
  private final Optional<PrometheusQueryClient> prometheus;
  private final RolloutConfig config;

  public CanaryAnalysis(Optional<PrometheusQueryClient> prometheus, RolloutConfig config) {
    this.prometheus = prometheus;
    this.config = config;
  }

  public AnalysisResult analyse(InferenceService isvc, Instant stepStart, Instant now) {
    RolloutSpec rollout = isvc.getSpec().rollout;
    if (rollout == null || !AnalysisEvaluator.requested(rollout.analysis)) {
      return new AnalysisResult.NotRequested();
    }
    if (prometheus.isEmpty()) {
      return new AnalysisResult.Unavailable(
          InferenceServiceReasons.ANALYSIS_UNAVAILABLE,
          "rollout.analysis is set but no Prometheus is configured (gantry.prometheus.url);"
              + " the rollout holds this step");
    }
    String window = ApiDurations.promRange(Duration.between(stepStart, now));
    try {
      double requests = scalar(query(config.requestsQuery(), isvc, window), 0.0);
      double errors = scalar(query(config.errorsQuery(), isvc, window), 0.0);
      double p99Seconds = scalar(query(config.p99LatencyQuery(), isvc, window), Double.NaN);
      return new AnalysisResult.Measured(requests, errors, p99Seconds * 1000.0);
    } catch (PrometheusQueryException e) {
      return new AnalysisResult.Unavailable(
          InferenceServiceReasons.ANALYSIS_UNAVAILABLE, e.getMessage());
    }
  }

  private List<PromSample> query(String template, InferenceService isvc, String window)
      throws PrometheusQueryException {
    return prometheus.orElseThrow().query(render(template, isvc, window));
  }

  /** The query with its placeholders filled in. */
  static String render(String template, InferenceService isvc, String window) {
    return template
        .replace("{namespace}", isvc.getMetadata().getNamespace())
        .replace("{pods}", InferenceServiceNames.canaryPodRegex(isvc))
        .replace("{window}", window);
  }

  /** The one value of a sum()-style query; no series means no data. */
  private static double scalar(List<PromSample> samples, double none) {
    if (samples.isEmpty() || Double.isNaN(samples.get(0).value())) {
      return none;
    }
    return samples.get(0).value();
  }
}
