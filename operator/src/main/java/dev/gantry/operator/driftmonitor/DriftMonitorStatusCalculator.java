package dev.gantry.operator.driftmonitor;

import static dev.gantry.operator.driftmonitor.DriftMonitorReasons.*;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorPhase;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorStatus;
import dev.gantry.api.v1alpha1.driftmonitor.FeatureDrift;
import dev.gantry.api.v1alpha1.driftmonitor.LastRetrain;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.driftmonitor.stats.DatasetDrift;
import dev.gantry.operator.driftmonitor.stats.DecimalStrings;
import dev.gantry.operator.driftmonitor.stats.FeatureDriftResult;
import dev.gantry.operator.driftmonitor.stats.MethodSelector;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a DriftMonitor's whole status from the previous one, the evaluation and the retraining
 * decision. While collecting (or failing), the last verdict (features, driftShare, DriftDetected)
 * stands: too few rows are no evidence either way.
 */
public final class DriftMonitorStatusCalculator {
  /** How many drifted features the DriftDetected message names. */
  static final int WORST_NAMED = 3;

  private DriftMonitorStatusCalculator() {}

  /**
   * The retraining part of the status.
   *
   * @param lastRetrain the last retraining started (new or earlier), or null
   * @param triggered whether a retraining was started by this monitor (now or earlier)
   * @param reason reason of RetrainTriggered
   * @param message message of RetrainTriggered
   */
  public record RetrainState(
      LastRetrain lastRetrain, boolean triggered, String reason, String message) {}

  public static DriftMonitorStatus calculate(
      DriftMonitor monitor,
      String baselineModelVersion,
      Evaluation evaluation,
      RetrainState retrain,
      Instant now) {
    DriftMonitorStatus old =
        monitor.getStatus() == null ? new DriftMonitorStatus() : monitor.getStatus();
    List<Condition> previous = old.conditions;
    Long generation = monitor.getMetadata().getGeneration();
    DriftMonitorStatus status = new DriftMonitorStatus();
    status.observedGeneration = generation;
    status.baselineModelVersion =
        baselineModelVersion != null ? baselineModelVersion : old.baselineModelVersion;
    status.lastEvaluationTime = old.lastEvaluationTime;
    status.samples = old.samples;
    status.features = old.features;
    status.driftShare = old.driftShare;
    status.lastRetrain = retrain == null ? old.lastRetrain : retrain.lastRetrain();
    List<Condition> conditions = new ArrayList<>();
    Condition driftDetected = Conditions.find(previous, DRIFT_DETECTED).orElse(null);
    switch (evaluation) {
      case Evaluation.Verdict v -> {
        DatasetDrift drift = v.drift();
        status.phase = drift.drifted() ? DriftMonitorPhase.Drifted : DriftMonitorPhase.Healthy;
        status.samples = v.samples();
        status.lastEvaluationTime = timestamp(now);
        status.features = drift.features().stream().map(FeatureDriftResult::toStatus).toList();
        status.driftShare = DecimalStrings.of(drift.driftedShare());
        conditions.add(
            Conditions.of(
                previous, READY, true, EVALUATED, verdictSummary(drift), generation, now));
        driftDetected =
            Conditions.of(
                previous,
                DRIFT_DETECTED,
                drift.drifted(),
                drift.drifted() ? DRIFTED : NO_DRIFT,
                verdictMessage(drift),
                generation,
                now);
      }
      case Evaluation.Collecting c -> {
        status.phase = DriftMonitorPhase.Collecting;
        status.samples = c.samples();
        status.lastEvaluationTime = timestamp(now);
        conditions.add(
            Conditions.of(previous, READY, true, COLLECTING, c.message(), generation, now));
        if (driftDetected == null) {
          driftDetected = unknown(DRIFT_DETECTED, COLLECTING, c.message(), generation, now);
        }
      }
      case Evaluation.Failed f -> {
        status.phase = DriftMonitorPhase.Failed;
        conditions.add(
            Conditions.of(previous, READY, false, f.reason(), f.message(), generation, now));
        if (driftDetected == null) {
          driftDetected = unknown(DRIFT_DETECTED, f.reason(), f.message(), generation, now);
        }
      }
    }
    // A kept verdict still describes this generation's settings as far as anyone can tell.
    conditions.add(new ConditionBuilder(driftDetected).withObservedGeneration(generation).build());
    if (retrain != null) {
      conditions.add(
          Conditions.of(
              previous,
              RETRAIN_TRIGGERED,
              retrain.triggered(),
              retrain.reason(),
              retrain.message(),
              generation,
              now));
    }
    status.conditions = conditions;
    return status;
  }

  /** "2 of 7 features drifted (share 0.2857, dataset drifts at 0.25)". */
  static String verdictSummary(DatasetDrift drift) {
    long drifted = drift.features().stream().filter(FeatureDriftResult::drifted).count();
    return drifted + " of " + drift.features().size() + " features drifted";
  }

  /** The summary plus the worst drifted features, most drifted first. */
  static String verdictMessage(DatasetDrift drift) {
    List<FeatureDriftResult> worst =
        drift.features().stream()
            .filter(FeatureDriftResult::drifted)
            .sorted(Comparator.comparingDouble(DriftMonitorStatusCalculator::severity).reversed())
            .limit(WORST_NAMED)
            .toList();
    if (worst.isEmpty()) {
      return verdictSummary(drift);
    }
    return verdictSummary(drift)
        + "; worst: "
        + worst.stream()
            .map(DriftMonitorStatusCalculator::describe)
            .collect(Collectors.joining(", "));
  }

  /** How far past its threshold a feature is, comparable across methods (> 1 means drifted). */
  static double severity(FeatureDriftResult f) {
    if (MethodSelector.isTest(f.method())) {
      return f.threshold() / Math.max(f.score(), Double.MIN_VALUE);
    }
    return f.score() / f.threshold();
  }

  private static String describe(FeatureDriftResult f) {
    String op = MethodSelector.isTest(f.method()) ? " < " : " > ";
    return f.name()
        + " ("
        + f.method()
        + " "
        + DecimalStrings.of(f.score())
        + op
        + DecimalStrings.of(f.threshold())
        + ")";
  }

  private static Condition unknown(
      String type, String reason, String message, Long generation, Instant now) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus("Unknown")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(timestamp(now))
        .build();
  }

  private static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Names of the drifted features in a status, for tests and events. */
  public static List<String> driftedFeatures(DriftMonitorStatus status) {
    if (status.features == null) {
      return List.of();
    }
    return status.features.stream()
        .filter(f -> Boolean.TRUE.equals(f.drifted))
        .map((FeatureDrift f) -> f.name)
        .toList();
  }
}
