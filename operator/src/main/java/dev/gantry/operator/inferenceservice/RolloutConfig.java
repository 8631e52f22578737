package dev.gantry.operator.inferenceservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Canary analysis through the Prometheus query API (GANTRY_ROLLOUT_*). Query placeholders:
 * {namespace}, {pods} (a regular expression matching the canary's pod names) and {window} (the time
 * since the step began, e.g. 45s). The defaults read the inference server's own metrics as a
 * Kubernetes scrape labels them (namespace, pod).
 */
@ConfigMapping(prefix = "gantry.rollout")
public interface RolloutConfig {

  /** The canary's requests in the step so far. */
  @WithDefault(
      "sum(increase(gantry_inference_requests_total{namespace=\"{namespace}\",pod=~\"{pods}\"}[{window}]))")
  String requestsQuery();

  /** The canary's failed requests: server errors, and refusals while it was unavailable. */
  @WithDefault(
      "sum(increase(gantry_inference_requests_total{namespace=\"{namespace}\",pod=~\"{pods}\","
          + "outcome=~\"error|unavailable\"}[{window}]))")
  String errorsQuery();

  /** The canary's p99 request latency, in seconds. */
  @WithDefault(
      "histogram_quantile(0.99, sum by (le) (increase("
          + "gantry_inference_request_duration_seconds_bucket{namespace=\"{namespace}\","
          + "pod=~\"{pods}\"}[{window}])))")
  String p99LatencyQuery();

  /** How often a running step is analysed again. */
  @WithDefault("10s")
  Duration analysisInterval();
}
