package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorPhase;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorSpec;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorStatus;
import dev.gantry.api.v1alpha1.driftmonitor.LastRetrain;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.driftmonitor.stats.DatasetDrift;
import dev.gantry.operator.driftmonitor.stats.FeatureDriftResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMonitorStatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant T1 = T0.plusSeconds(300);

  private static DriftMonitor monitor(DriftMonitorStatus status) {
    DriftMonitor m = new DriftMonitor();
    m.setMetadata(
        new ObjectMetaBuilder().withName("m").withNamespace("ns").withGeneration(3L).build());
    m.setSpec(new DriftMonitorSpec());
    m.setStatus(status);
    return m;
  }

  private static final DatasetDrift DRIFTED =
      DatasetDrift.of(
          List.of(
              new FeatureDriftResult("amount", DriftMethod.wasserstein, 0.52, 0.1, true),
              new FeatureDriftResult("hour", DriftMethod.wasserstein, 0.03, 0.1, false),
              new FeatureDriftResult("distance", DriftMethod.wasserstein, 0.21, 0.1, true),
              new FeatureDriftResult("country", DriftMethod.chiSquared, 1e-9, 0.01, true),
              new FeatureDriftResult("age", DriftMethod.ks, 0.004, 0.01, true)),
          0.5);

  private static final DatasetDrift HEALTHY =
      DatasetDrift.of(
          List.of(new FeatureDriftResult("amount", DriftMethod.wasserstein, 0.02, 0.1, false)),
          0.5);

  private static Condition condition(DriftMonitorStatus status, String type) {
    return Conditions.find(status.conditions, type).orElseThrow();
  }

  @Test
  void aDriftedVerdictNamesTheWorstFeaturesFirst() {
    DriftMonitorStatus status =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Verdict(DRIFTED, 1200), null, T0);

    assertThat(status.phase).isEqualTo(DriftMonitorPhase.Drifted);
    assertThat(status.observedGeneration).isEqualTo(3L);
    assertThat(status.samples).isEqualTo(1200);
    assertThat(status.driftShare).isEqualTo("0.8");
    assertThat(status.baselineModelVersion).isEqualTo("fraud-7");
    assertThat(status.lastEvaluationTime).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(status.features)
        .extracting(f -> f.name)
        .containsExactly("amount", "hour", "distance", "country", "age");
    assertThat(status.features.get(0).score).isEqualTo("0.52");
    Condition drift = condition(status, DriftMonitorReasons.DRIFT_DETECTED);
    assertThat(drift.getStatus()).isEqualTo("True");
    assertThat(drift.getReason()).isEqualTo(DriftMonitorReasons.DRIFTED);
    // country (p 1e-9 against 0.01) is far worse than amount (5.2x), then distance (2.1x);
    // age (2.5x) beats distance too. Only three are named.
    assertThat(drift.getMessage())
        .startsWith("4 of 5 features drifted; worst: country (chiSquared")
        .contains("amount (wasserstein 0.52 > 0.1)")
        .contains("age (ks 0.004 < 0.01)")
        .doesNotContain("distance")
        .doesNotContain("hour");
    assertThat(condition(status, DriftMonitorReasons.READY).getStatus()).isEqualTo("True");
    assertThat(DriftMonitorStatusCalculator.driftedFeatures(status))
        .containsExactly("amount", "distance", "country", "age");
  }

  @Test
  void collectingKeepsTheLastVerdictAndItsTransitionTime() {
    DriftMonitorStatus drifted =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Verdict(DRIFTED, 1200), null, T0);

    DriftMonitorStatus collecting =
        DriftMonitorStatusCalculator.calculate(
            monitor(drifted),
            null,
            new Evaluation.Collecting(40, "40 of 1000 live rows"),
            null,
            T1);

    assertThat(collecting.phase).isEqualTo(DriftMonitorPhase.Collecting);
    assertThat(collecting.samples).isEqualTo(40);
    assertThat(collecting.features).isEqualTo(drifted.features);
    assertThat(collecting.driftShare).isEqualTo("0.8");
    assertThat(collecting.baselineModelVersion).isEqualTo("fraud-7");
    Condition drift = condition(collecting, DriftMonitorReasons.DRIFT_DETECTED);
    assertThat(drift.getStatus()).isEqualTo("True");
    assertThat(drift.getLastTransitionTime()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(condition(collecting, DriftMonitorReasons.READY).getReason())
        .isEqualTo(DriftMonitorReasons.COLLECTING);
  }

  @Test
  void beforeAnyVerdictDriftDetectedIsUnknown() {
    DriftMonitorStatus status =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Collecting(0, "0 of 1000"), null, T0);

    assertThat(status.phase).isEqualTo(DriftMonitorPhase.Collecting);
    assertThat(status.features).isNull();
    assertThat(condition(status, DriftMonitorReasons.DRIFT_DETECTED).getStatus())
        .isEqualTo("Unknown");
  }

  @Test
  void driftEndingFlipsTheConditionAndItsTransitionTime() {
    DriftMonitorStatus drifted =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Verdict(DRIFTED, 1200), null, T0);

    DriftMonitorStatus healthy =
        DriftMonitorStatusCalculator.calculate(
            monitor(drifted), "fraud-7", new Evaluation.Verdict(HEALTHY, 1000), null, T1);

    assertThat(healthy.phase).isEqualTo(DriftMonitorPhase.Healthy);
    Condition drift = condition(healthy, DriftMonitorReasons.DRIFT_DETECTED);
    assertThat(drift.getStatus()).isEqualTo("False");
    assertThat(drift.getReason()).isEqualTo(DriftMonitorReasons.NO_DRIFT);
    assertThat(drift.getMessage()).isEqualTo("0 of 1 features drifted");
    assertThat(drift.getLastTransitionTime()).isEqualTo("2026-11-22T12:05:00Z");
  }

  @Test
  void aFailureSaysWhyInReadyAndKeepsTheVerdict() {
    DriftMonitorStatus healthy =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Verdict(HEALTHY, 1000), null, T0);

    DriftMonitorStatus failed =
        DriftMonitorStatusCalculator.calculate(
            monitor(healthy),
            null,
            new Evaluation.Failed(
                DriftMonitorReasons.SERVICE_NOT_FOUND, "InferenceService fraud does not exist"),
            null,
            T1);

    assertThat(failed.phase).isEqualTo(DriftMonitorPhase.Failed);
    Condition ready = condition(failed, DriftMonitorReasons.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(DriftMonitorReasons.SERVICE_NOT_FOUND);
    assertThat(ready.getMessage()).isEqualTo("InferenceService fraud does not exist");
    assertThat(failed.features).isEqualTo(healthy.features);
    assertThat(failed.lastEvaluationTime).isEqualTo(healthy.lastEvaluationTime);
  }

  @Test
  void retrainingIsRecordedInLastRetrainAndItsCondition() {
    LastRetrain started = new LastRetrain();
    started.trainingJob = "m-retrain-1";
    started.time = "2026-11-22T12:00:00Z";
    started.reason = RetrainPolicy.DRIFT;

    DriftMonitorStatus status =
        DriftMonitorStatusCalculator.calculate(
            monitor(null),
            "fraud-7",
            new Evaluation.Verdict(DRIFTED, 1200),
            new DriftMonitorStatusCalculator.RetrainState(
                started, true, RetrainPolicy.DRIFT, "started TrainingJob m-retrain-1"),
            T0);

    assertThat(status.lastRetrain.trainingJob).isEqualTo("m-retrain-1");
    Condition retrain = condition(status, DriftMonitorReasons.RETRAIN_TRIGGERED);
    assertThat(retrain.getStatus()).isEqualTo("True");
    assertThat(retrain.getReason()).isEqualTo("Drift");
    assertThat(status.conditions)
        .extracting(Condition::getType)
        .containsExactly("Ready", "DriftDetected", "RetrainTriggered");
  }

  @Test
  void theSameInputsGiveTheSameStatus() {
    DriftMonitorStatus first =
        DriftMonitorStatusCalculator.calculate(
            monitor(null), "fraud-7", new Evaluation.Collecting(5, "5 of 1000"), null, T0);
    DriftMonitorStatus second =
        DriftMonitorStatusCalculator.calculate(
            monitor(first), "fraud-7", new Evaluation.Collecting(5, "5 of 1000"), null, T0);

    assertThat(second.conditions).isEqualTo(first.conditions);
  }
}
