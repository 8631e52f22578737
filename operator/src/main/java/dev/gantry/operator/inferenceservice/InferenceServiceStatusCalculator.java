package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.inferenceservice.TrafficSplit;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The whole new status of an InferenceService, from what was decided and observed. Pure. */
public final class InferenceServiceStatusCalculator {
  private InferenceServiceStatusCalculator() {}

  /**
   * What the reconcile saw and decided.
   *
   * @param resolution the spec's model, resolved
   * @param decision the rollout state machine's decision
   * @param stableDeployment the stable Deployment from the cache
   * @param canaryDeployment the canary Deployment from the cache
   * @param modelName the served model's name (for the URL), empty when unknown
   * @param trafficSplit how traffic is divided
   * @param refused why the API server refused a child built from the spec, if it did
   */
  public record Observed(
      ModelResolution resolution,
      RolloutDecision decision,
      Optional<Deployment> stableDeployment,
      Optional<Deployment> canaryDeployment,
      Optional<String> modelName,
      TrafficSplit trafficSplit,
      Optional<String> refused) {}

  public static InferenceServiceStatus calculate(
      InferenceService isvc, Observed observed, Instant now) {
    InferenceServiceStatus old = isvc.getStatus();
    List<Condition> previous = old == null ? null : old.conditions;
    Long generation = isvc.getMetadata().getGeneration();
    RolloutState state = observed.decision().state();
    ModelResolution resolution = observed.resolution();

    InferenceServiceStatus status = new InferenceServiceStatus();
    status.observedGeneration = generation;
    status.modelVersion = state.stable();
    status.canary =
        state.canaryStatus(isvc.getSpec().rollout == null ? null : isvc.getSpec().rollout.steps);
    status.rolledBackVersion = state.rolledBack();
    status.trafficSplit = observed.trafficSplit();
    status.url =
        state.stable() == null
            ? null
            : observed
                .modelName()
                .map(name -> InferenceServiceNames.url(isvc, name))
                .orElse(old == null ? null : old.url);
    status.readyReplicas =
        ServingDeployments.readyReplicas(observed.stableDeployment())
            + (state.canary() == null
                ? 0
                : ServingDeployments.readyReplicas(observed.canaryDeployment()));

    Condition modelResolved =
        Conditions.of(
            previous,
            InferenceServiceReasons.MODEL_RESOLVED,
            resolution.isResolved(),
            resolution.reason(),
            resolution.message(),
            generation,
            now);
    Condition predictor = predictorReady(isvc, observed, state, previous, generation, now);
    Condition canary = canaryReady(observed, state, previous, generation, now);
    Condition rolledBack = rolledBack(observed, state, previous, generation, now);
    boolean serving = Conditions.TRUE.equals(predictor.getStatus());
    Condition ready =
        observed.refused().isPresent()
            ? Conditions.of(
                previous,
                InferenceServiceReasons.READY,
                false,
                InferenceServiceReasons.INVALID_SPEC,
                observed.refused().get(),
                generation,
                now)
            : Conditions.of(
                previous,
                InferenceServiceReasons.READY,
                serving,
                predictor.getReason(),
                predictor.getMessage(),
                generation,
                now);
    status.conditions = List.of(ready, modelResolved, predictor, canary, rolledBack);
    boolean rolledOut =
        state.stable() != null
            && ServingDeployments.readyAt(observed.stableDeployment(), state.stable());
    status.phase =
        observed.refused().isPresent()
            ? InferenceServicePhase.Failed
            : phase(state, resolution, rolledOut);
    return status;
  }

  private static InferenceServicePhase phase(
      RolloutState state, ModelResolution resolution, boolean rolledOut) {
    if (state.stable() == null) {
      return resolution.rejected() ? InferenceServicePhase.Failed : InferenceServicePhase.Pending;
    }
    if (state.canary() != null || !rolledOut) {
      return InferenceServicePhase.Progressing;
    }
    // Serving, but not what the spec asks for: a refused or rolled-back version.
    if (!resolution.isResolved() || state.rolledBack() != null) {
      return InferenceServicePhase.Degraded;
    }
    return InferenceServicePhase.Ready;
  }

  private static Condition predictorReady(
      InferenceService isvc,
      Observed observed,
      RolloutState state,
      List<Condition> previous,
      Long generation,
      Instant now) {
    if (state.stable() == null) {
      return Conditions.of(
          previous,
          InferenceServiceReasons.PREDICTOR_READY,
          false,
          InferenceServiceReasons.NOT_SERVING,
          "nothing served yet: " + observed.resolution().message(),
          generation,
          now);
    }
    // Ready pods serve while a new template rolls through the Deployment (a promotion); the
    // reason tells whether every pod runs the stable version yet.
    boolean rolledOut = ServingDeployments.readyAt(observed.stableDeployment(), state.stable());
    boolean serving = ServingDeployments.readyReplicas(observed.stableDeployment()) > 0;
    return Conditions.of(
        previous,
        InferenceServiceReasons.PREDICTOR_READY,
        serving,
        rolledOut
            ? InferenceServiceReasons.AVAILABLE
            : InferenceServiceReasons.DEPLOYMENT_PROGRESSING,
        "ModelVersion "
            + state.stable()
            + ": "
            + ServingDeployments.replicaSummary(observed.stableDeployment())
            + (serving ? "" : tokenHint(isvc)),
        generation,
        now);
  }

  /**
   * While no pod is ready: the token Secret the pods mount. The operator cannot read Secrets, so it
   * cannot tell a missing one from a slow start; the kubelet's FailedMount event can.
   */
  private static String tokenHint(InferenceService isvc) {
    return InferenceServiceResources.authToken(isvc.getSpec())
        .map(
            ref ->
                "; pods that stay ContainerCreating may lack Secret "
                    + ref.name
                    + " or its key "
                    + (ref.key == null ? "token" : ref.key)
                    + " (spec.security.auth; see the pods' FailedMount events)")
        .orElse("");
  }

  private static Condition canaryReady(
      Observed observed,
      RolloutState state,
      List<Condition> previous,
      Long generation,
      Instant now) {
    String type = InferenceServiceReasons.CANARY_READY;
    if (state.canary() == null) {
      return Conditions.of(
          previous,
          type,
          false,
          InferenceServiceReasons.NO_CANARY,
          "no rollout in progress",
          generation,
          now);
    }
    String version = state.canary().version();
    if (!ServingDeployments.readyAt(observed.canaryDeployment(), version)) {
      return Conditions.of(
          previous,
          type,
          false,
          InferenceServiceReasons.CANARY_STARTING,
          "canary "
              + version
              + ": "
              + ServingDeployments.replicaSummary(observed.canaryDeployment()),
          generation,
          now);
    }
    Optional<AnalysisVerdict> verdict = observed.decision().verdict();
    if (verdict.isEmpty()) {
      return Conditions.of(
          previous,
          type,
          true,
          InferenceServiceReasons.ANALYSING,
          "canary " + version + " ready; step " + state.canary().step() + " starting",
          generation,
          now);
    }
    AnalysisVerdict v = verdict.get();
    return Conditions.of(
        previous,
        type,
        v.outcome() != AnalysisVerdict.Outcome.FAILING,
        v.reason(),
        "canary " + version + ": " + v.message(),
        generation,
        now);
  }

  private static Condition rolledBack(
      Observed observed,
      RolloutState state,
      List<Condition> previous,
      Long generation,
      Instant now) {
    String type = InferenceServiceReasons.ROLLED_BACK;
    if (state.rolledBack() == null) {
      return Conditions.of(
          previous, type, false, InferenceServiceReasons.NOT_ROLLED_BACK, "", generation, now);
    }
    String message =
        observed
            .decision()
            .rollback()
            .or(
                () ->
                    Conditions.find(previous, type)
                        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
                        .map(Condition::getMessage))
            .orElse(state.rolledBack() + " rolled back");
    return Conditions.of(
        previous, type, true, InferenceServiceReasons.ANALYSIS_FAILED, message, generation, now);
  }
}
