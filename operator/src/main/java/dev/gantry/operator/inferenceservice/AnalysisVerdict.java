package dev.gantry.operator.inferenceservice;

/**
 * The judgement of one analysis against rollout.analysis.
 *
 * @param outcome healthy, failing or inconclusive (too few requests, no numbers)
 * @param reason a CanaryReady reason
 * @param message the numbers, for conditions and events
 */
public record AnalysisVerdict(Outcome outcome, String reason, String message) {
  public enum Outcome {
    HEALTHY,
    FAILING,
    INCONCLUSIVE
  }

  static AnalysisVerdict healthy(String message) {
    return new AnalysisVerdict(Outcome.HEALTHY, InferenceServiceReasons.ANALYSING, message);
  }

  static AnalysisVerdict failing(String message) {
    return new AnalysisVerdict(Outcome.FAILING, InferenceServiceReasons.ANALYSIS_FAILED, message);
  }

  static AnalysisVerdict inconclusive(String reason, String message) {
    return new AnalysisVerdict(Outcome.INCONCLUSIVE, reason, message);
  }
}
