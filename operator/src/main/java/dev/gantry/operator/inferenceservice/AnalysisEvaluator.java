package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.AnalysisSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges a canary's numbers against rollout.analysis. */
public final class AnalysisEvaluator {
  private AnalysisEvaluator() {}

  /** Whether rollout.analysis sets any limit, i.e. whether numbers are needed at all. */
  public static boolean requested(AnalysisSpec spec) {
    return spec != null && (spec.maxErrorRate != null || spec.maxP99LatencyMillis != null);
  }

  public static AnalysisVerdict evaluate(AnalysisSpec spec, AnalysisResult result) {
    return switch (result) {
      case AnalysisResult.NotRequested n ->
          AnalysisVerdict.healthy("no analysis requested; the canary's pods are ready");
      case AnalysisResult.Unavailable u -> AnalysisVerdict.inconclusive(u.reason(), u.message());
      case AnalysisResult.Measured m -> evaluateMeasured(spec, m);
    };
  }

  private static AnalysisVerdict evaluateMeasured(AnalysisSpec spec, AnalysisResult.Measured m) {
    int minRequests = spec.minRequests == null ? 0 : spec.minRequests;
    long requests = Math.round(m.requests());
    if (requests < minRequests || requests == 0 && minRequests > 0) {
      return AnalysisVerdict.inconclusive(
          InferenceServiceReasons.ANALYSIS_INCONCLUSIVE,
          "canary served " + requests + " requests; analysis needs at least " + minRequests);
    }
    String numbers = numbers(m);
    List<String> failures = new ArrayList<>();
    if (spec.maxErrorRate != null
        && requests > 0
        && m.errorRate() > new BigDecimal(spec.maxErrorRate).doubleValue()) {
      failures.add("error rate " + format(m.errorRate()) + " > max " + spec.maxErrorRate);
    }
    if (spec.maxP99LatencyMillis != null
        && !Double.isNaN(m.p99Millis())
        && m.p99Millis() > spec.maxP99LatencyMillis) {
      failures.add(
          "p99 latency " + format(m.p99Millis()) + " ms > max " + spec.maxP99LatencyMillis + " ms");
    }
    if (!failures.isEmpty()) {
      return AnalysisVerdict.failing(String.join("; ", failures) + " (" + numbers + ")");
    }
    return AnalysisVerdict.healthy("canary within limits (" + numbers + ")");
  }

  private static String numbers(AnalysisResult.Measured m) {
    return String.format(
        Locale.ROOT,
        "%d requests, %d errors, error rate %s, p99 %s",
        Math.round(m.requests()),
        Math.round(m.errors()),
        format(m.errorRate()),
        Double.isNaN(m.p99Millis()) ? "unknown" : format(m.p99Millis()) + " ms");
  }

  static String format(double value) {
    return new BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }
}
