package dev.gantry.operator.inferenceservice;

/** What canary analysis found out for the current step. */
public sealed interface AnalysisResult {

  /** rollout.analysis sets no limit: the canary's readiness is the only check. */
  record NotRequested() implements AnalysisResult {}

  /** No numbers: no Prometheus is configured, or it could not answer. */
  record Unavailable(String reason, String message) implements AnalysisResult {}

  /**
   * The canary's numbers over the step so far.
   *
   * @param requests requests it served
   * @param errors of those, failed ones
   * @param p99Millis p99 latency; NaN when unknown (no requests, no histogram)
   */
  record Measured(double requests, double errors, double p99Millis) implements AnalysisResult {
    public double errorRate() {
      return requests > 0 ? errors / requests : 0.0;
    }
  }
}
