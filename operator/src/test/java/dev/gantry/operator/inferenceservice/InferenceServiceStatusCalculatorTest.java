package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static dev.gantry.operator.inferenceservice.InferenceServices.modelVersion;
import static dev.gantry.operator.inferenceservice.InferenceServices.rolloutSpec;
import static dev.gantry.operator.inferenceservice.ServingDeploymentsTest.observed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.AuthSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.inferenceservice.SecretKeyRef;
import dev.gantry.api.v1alpha1.inferenceservice.SecuritySpec;
import dev.gantry.api.v1alpha1.inferenceservice.TrafficSplit;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.StatusComparison;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferenceServiceStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final ModelResolution RESOLVED_8 =
      ModelResolution.resolved(
          modelVersion("fraud-8", "8", true), "ModelVersion fraud-8 is validated");

  private final InferenceService isvc = isvc("fraud", "fraud-8");

  private InferenceServiceStatus calculate(
      ModelResolution resolution,
      RolloutDecision decision,
      Optional<Deployment> stable,
      Optional<Deployment> canary) {
    return InferenceServiceStatusCalculator.calculate(
        isvc,
        new InferenceServiceStatusCalculator.Observed(
            resolution,
            decision,
            stable,
            canary,
            Optional.of("fraud"),
            TrafficSplit.ReplicaRatio,
            Optional.empty()),
        NOW);
  }

  private static Condition condition(InferenceServiceStatus status, String type) {
    return Conditions.find(status.conditions, type).orElseThrow();
  }

  @Test
  void servingAFullyRolledOutStableVersionIsReady() {
    isvc.getSpec().modelVersion = "fraud-7";
    InferenceServiceStatus status =
        calculate(
            ModelResolution.resolved(modelVersion("fraud-7", "7", true), "ok"),
            RolloutDecision.stay(new RolloutState("fraud-7", null, null)),
            Optional.of(observed("fraud-7", 2, 2, 2, 1, 1)),
            Optional.empty());
    assertThat(status.phase).isEqualTo(InferenceServicePhase.Ready);
    assertThat(status.readyReplicas).isEqualTo(2);
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.url).isEqualTo("http://fraud.team-a.svc.cluster.local:8080/v2/models/fraud");
    assertThat(status.conditions)
        .extracting(Condition::getType)
        .containsExactly("Ready", "ModelResolved", "PredictorReady", "CanaryReady", "RolledBack");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "CanaryReady").getReason()).isEqualTo("NoCanary");
    assertThat(condition(status, "RolledBack").getStatus()).isEqualTo("False");
  }

  /** The operator cannot read the Secret; while no pod is ready it names what the pods mount. */
  @Test
  void withAuthAndNoReadyPodThePredictorConditionNamesTheTokenSecret() {
    isvc.getSpec().modelVersion = "fraud-7";
    isvc.getSpec().security = new SecuritySpec();
    isvc.getSpec().security.auth = new AuthSpec();
    isvc.getSpec().security.auth.tokenSecretRef = new SecretKeyRef();
    isvc.getSpec().security.auth.tokenSecretRef.name = "fraud-api-token";
    isvc.getSpec().security.auth.tokenSecretRef.key = "token";
    ModelResolution resolved = ModelResolution.resolved(modelVersion("fraud-7", "7", true), "ok");
    RolloutDecision serving = RolloutDecision.stay(new RolloutState("fraud-7", null, null));

    InferenceServiceStatus starting =
        calculate(
            resolved, serving, Optional.of(observed("fraud-7", 1, 1, 0, 1, 1)), Optional.empty());
    assertThat(condition(starting, "PredictorReady").getMessage())
        .contains("0/1 replicas ready")
        .contains("may lack Secret fraud-api-token or its key token");

    InferenceServiceStatus ready =
        calculate(
            resolved, serving, Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)), Optional.empty());
    assertThat(condition(ready, "PredictorReady").getMessage()).doesNotContain("Secret");

    isvc.getSpec().security = null;
    assertThat(
            condition(
                    calculate(
                        resolved,
                        serving,
                        Optional.of(observed("fraud-7", 1, 1, 0, 1, 1)),
                        Optional.empty()),
                    "PredictorReady")
                .getMessage())
        .doesNotContain("Secret");
  }

  @Test
  void nothingServedAndNotValidatedIsPendingRejectedIsFailed() {
    ModelResolution waiting =
        ModelResolution.refused("ModelNotValidated", "fraud-8 is not validated", false);
    InferenceServiceStatus pending =
        calculate(
            waiting,
            RolloutDecision.stay(RolloutState.empty()),
            Optional.empty(),
            Optional.empty());
    assertThat(pending.phase).isEqualTo(InferenceServicePhase.Pending);
    assertThat(pending.url).isNull();
    assertThat(condition(pending, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(pending, "PredictorReady").getMessage())
        .contains("fraud-8 is not validated");

    ModelResolution rejected =
        ModelResolution.refused("ModelNotValidated", "fraud-8 is Rejected", true);
    assertThat(
            calculate(
                    rejected,
                    RolloutDecision.stay(RolloutState.empty()),
                    Optional.empty(),
                    Optional.empty())
                .phase)
        .isEqualTo(InferenceServicePhase.Failed);
  }

  @Test
  void refusedNewVersionWhileServingIsDegradedButReady() {
    InferenceServiceStatus status =
        calculate(
            ModelResolution.refused("ModelNotValidated", "fraud-8 is not validated", false),
            RolloutDecision.stay(new RolloutState("fraud-7", null, null)),
            Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)),
            Optional.empty());
    assertThat(status.phase).isEqualTo(InferenceServicePhase.Degraded);
    assertThat(status.modelVersion).isEqualTo("fraud-7");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "ModelResolved").getReason()).isEqualTo("ModelNotValidated");
  }

  @Test
  void canaryInAStepIsProgressingWithTheStepAndTheNumbers() {
    isvc.getSpec().rollout = rolloutSpec("1m", List.of(10, 50, 100));
    RolloutState state =
        new RolloutState(
            "fraud-7", new RolloutState.Canary("fraud-8", 1, NOW.minusSeconds(20)), null);
    InferenceServiceStatus status =
        calculate(
            RESOLVED_8,
            RolloutDecision.stay(state)
                .withVerdict(AnalysisVerdict.healthy("canary within limits (120 requests)")),
            Optional.of(observed("fraud-7", 2, 2, 2, 1, 1)),
            Optional.of(observed("fraud-8", 2, 2, 2, 1, 1)));
    assertThat(status.phase).isEqualTo(InferenceServicePhase.Progressing);
    assertThat(status.canary.modelVersion).isEqualTo("fraud-8");
    assertThat(status.canary.trafficPercent).isEqualTo(50);
    assertThat(status.canary.step).isEqualTo(1);
    assertThat(status.canary.stepStartTime).isEqualTo("2026-11-22T11:59:40Z");
    assertThat(status.readyReplicas).isEqualTo(4);
    assertThat(condition(status, "CanaryReady").getStatus()).isEqualTo("True");
    assertThat(condition(status, "CanaryReady").getMessage()).contains("120 requests");
  }

  @Test
  void startingCanaryIsNotReadyYet() {
    isvc.getSpec().rollout = rolloutSpec("1m", List.of(10, 50, 100));
    RolloutState state =
        new RolloutState("fraud-7", new RolloutState.Canary("fraud-8", 0, null), null);
    InferenceServiceStatus status =
        calculate(
            RESOLVED_8,
            RolloutDecision.stay(state),
            Optional.of(observed("fraud-7", 2, 2, 2, 1, 1)),
            Optional.of(observed("fraud-8", 1, 1, 0, 1, 1)));
    assertThat(condition(status, "CanaryReady").getReason()).isEqualTo("CanaryStarting");
  }

  @Test
  void rollbackIsReportedWithItsNumbersAndKeptOnLaterReconciles() {
    RolloutState rolledBack = new RolloutState("fraud-7", null, "fraud-8");
    RolloutDecision rollback =
        new RolloutDecision(
            rolledBack,
            List.of(),
            Optional.empty(),
            Optional.of("fraud-8 rolled back at 10% of traffic: error rate 0.2 > max 0.01"),
            Optional.empty());
    InferenceServiceStatus first =
        calculate(
            RESOLVED_8,
            rollback,
            Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)),
            Optional.empty());
    assertThat(first.rolledBackVersion).isEqualTo("fraud-8");
    assertThat(first.phase).isEqualTo(InferenceServicePhase.Degraded);
    assertThat(condition(first, "RolledBack").getStatus()).isEqualTo("True");
    assertThat(condition(first, "RolledBack").getMessage()).contains("error rate 0.2 > max 0.01");

    isvc.setStatus(first);
    InferenceServiceStatus later =
        calculate(
            RESOLVED_8,
            RolloutDecision.stay(rolledBack),
            Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)),
            Optional.empty());
    assertThat(StatusComparison.same(first, later))
        .as("a later reconcile changes nothing")
        .isTrue();
  }

  @Test
  void conditionsKeepTheirTransitionTimeWhileTheirStatusHolds() {
    isvc.getSpec().modelVersion = "fraud-7";
    ModelResolution resolved = ModelResolution.resolved(modelVersion("fraud-7", "7", true), "ok");
    RolloutDecision serving = RolloutDecision.stay(new RolloutState("fraud-7", null, null));
    isvc.setStatus(
        calculate(
            resolved, serving, Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)), Optional.empty()));
    InferenceServiceStatus later =
        InferenceServiceStatusCalculator.calculate(
            isvc,
            new InferenceServiceStatusCalculator.Observed(
                resolved,
                serving,
                Optional.of(observed("fraud-7", 1, 1, 1, 1, 1)),
                Optional.empty(),
                Optional.of("fraud"),
                TrafficSplit.ReplicaRatio,
                Optional.empty()),
            NOW.plusSeconds(300));
    assertThat(StatusComparison.same(isvc.getStatus(), later)).isTrue();
  }

  @Test
  void aSpecTheApiServerRefusesFailsWithItsMessage() {
    InferenceServiceStatus status =
        InferenceServiceStatusCalculator.calculate(
            isvc,
            new InferenceServiceStatusCalculator.Observed(
                RESOLVED_8,
                RolloutDecision.stay(new RolloutState("fraud-8", null, null)),
                Optional.empty(),
                Optional.empty(),
                Optional.of("fraud"),
                TrafficSplit.ReplicaRatio,
                Optional.of("Deployment.apps \"fraud-predictor\" is invalid: volumes[1].name")),
            NOW);
    assertThat(status.phase).isEqualTo(InferenceServicePhase.Failed);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(status, "Ready").getMessage()).contains("volumes[1].name");
  }
}
