package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.inferenceservice.TrafficSplit;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.prometheus.PrometheusClients;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Serves an InferenceService's resolved ModelVersion with a stable Deployment, a Service, an HPA
 * and a PDB (and a NetworkPolicy when asked for), and rolls a new version out through a canary
 * Deployment. The rollout's decisions come from {@link RolloutStateMachine}; this class reads the
 * caches, queries the analysis, applies the desired children and writes the status.
 */
@ControllerConfiguration(name = InferenceServiceReconciler.NAME)
public class InferenceServiceReconciler implements Reconciler<InferenceService> {
  public static final String NAME = "inferenceservice";
  private static final Logger LOG = Logger.getLogger(InferenceServiceReconciler.class);

  /** Primary-cache index: the ModelVersion names and model names an InferenceService uses. */
  private static final String MODEL_INDEX = "gantry-models";

  private static final int UNPROCESSABLE_ENTITY = 422;

  private final GantryConfig.Inference inference;
  private final Optional<OperatorPeer> operatorPeer;
  private final RolloutConfig rollout;
  private final CanaryAnalysis analysis;
  private final MeterRegistry meters;
  private final Clock clock;

  /** Found out once, at start: whether the API server serves the Gateway API's HTTPRoute. */
  private TrafficSplit trafficSplit = TrafficSplit.ReplicaRatio;

  @Inject
  public InferenceServiceReconciler(
      GantryConfig config,
      RolloutConfig rollout,
      PrometheusClients prometheus,
      MeterRegistry meters) {
    // The same image as ModelVersion validation: one setting, gantry.inference.image.
    this(
        config.inference(),
        OperatorPeer.from(config.operator()),
        rollout,
        prometheus.configured(),
        meters,
        Clock.systemUTC());
  }

  public InferenceServiceReconciler(
      GantryConfig.Inference inference,
      Optional<OperatorPeer> operatorPeer,
      RolloutConfig rollout,
      Optional<PrometheusQueryClient> prometheus,
      MeterRegistry meters,
      Clock clock) {
    this.inference = inference;
    this.operatorPeer = operatorPeer;
    this.rollout = rollout;
    this.analysis = new CanaryAnalysis(prometheus, rollout);
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, InferenceService>> prepareEventSources(
      EventSourceContext<InferenceService> context) {
    IndexerResourceCache<InferenceService> primaries = context.getPrimaryCache();
    primaries.addIndexer(MODEL_INDEX, InferenceServiceReconciler::modelKeys);
    SecondaryToPrimaryMapper<ModelVersion> users =
        mv -> {
          String ns = mv.getMetadata().getNamespace();
          List<InferenceService> found = new ArrayList<>();
          found.addAll(
              primaries.byIndex(MODEL_INDEX, ns + "/version/" + mv.getMetadata().getName()));
          found.addAll(primaries.byIndex(MODEL_INDEX, ns + "/model/" + mv.getSpec().modelName));
          return found.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
        };
    List<EventSource<?, InferenceService>> sources = new ArrayList<>();
    sources.add(labelledInformer(Deployment.class, context));
    sources.add(labelledInformer(Service.class, context));
    sources.add(labelledInformer(HorizontalPodAutoscaler.class, context));
    sources.add(labelledInformer(PodDisruptionBudget.class, context));
    sources.add(labelledInformer(NetworkPolicy.class, context));
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ModelVersion.class, InferenceService.class)
                .withName(ModelVersion.class.getSimpleName())
                .withSecondaryToPrimaryMapper(users)
                .build(),
            context));
    trafficSplit = detectTrafficSplit(context);
    if (trafficSplit == TrafficSplit.GatewayAPI) {
      sources.add(labelledInformer(HTTPRoute.class, context));
    }
    LOG.infof("traffic split: %s", trafficSplit);
    return sources;
  }

  /**
   * GatewayAPI when the API server serves HTTPRoute (gateway.networking.k8s.io/v1), else
   * ReplicaRatio. Checked once: installing the Gateway API later takes an operator restart.
   */
  private static TrafficSplit detectTrafficSplit(EventSourceContext<InferenceService> context) {
    try {
      return context.getClient().supports(HTTPRoute.class)
          ? TrafficSplit.GatewayAPI
          : TrafficSplit.ReplicaRatio;
    } catch (KubernetesClientException e) {
      LOG.warnf("cannot tell whether the Gateway API is installed: %s", e.getMessage());
      return TrafficSplit.ReplicaRatio;
    }
  }

  /** The model names and versions an InferenceService asks for or serves. */
  private static List<String> modelKeys(InferenceService isvc) {
    String ns = isvc.getMetadata().getNamespace();
    List<String> keys = new ArrayList<>();
    if (isvc.getSpec() != null && isvc.getSpec().modelVersion != null) {
      keys.add(ns + "/version/" + isvc.getSpec().modelVersion);
    }
    if (isvc.getSpec() != null && isvc.getSpec().modelRef != null) {
      keys.add(ns + "/model/" + isvc.getSpec().modelRef.modelName);
    }
    RolloutState state = RolloutState.of(isvc.getStatus());
    if (state.stable() != null) {
      keys.add(ns + "/version/" + state.stable());
    }
    state.canaryOpt().ifPresent(c -> keys.add(ns + "/version/" + c.version()));
    return keys;
  }

  private static <R extends HasMetadata> InformerEventSource<R, InferenceService> labelledInformer(
      Class<R> type, EventSourceContext<InferenceService> context) {
    SecondaryToPrimaryMapper<R> byLabel =
        r ->
            Set.of(
                new ResourceID(
                    r.getMetadata().getLabels().get(InferenceServiceNames.INFERENCE_SERVICE),
                    r.getMetadata().getNamespace()));
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, InferenceService.class)
            .withName(type.getSimpleName())
            .withLabelSelector(InferenceServiceNames.INFERENCE_SERVICE)
            .withSecondaryToPrimaryMapper(byLabel)
            .build(),
        context);
  }

  @Override
  public UpdateControl<InferenceService> reconcile(
      InferenceService isvc, Context<InferenceService> context) {
    Instant now = clock.instant();
    Map<String, ModelVersion> versions = modelVersions(isvc, context);
    ModelResolution resolution =
        ModelResolver.resolve(isvc.getSpec(), List.copyOf(versions.values()));
    RolloutState state = RolloutState.of(isvc.getStatus());
    Optional<Deployment> stable = deployment(context, InferenceServiceNames.stable(isvc));
    Optional<Deployment> canary = deployment(context, InferenceServiceNames.canary(isvc));
    boolean canaryReady =
        state.canary() != null && ServingDeployments.readyAt(canary, state.canary().version());

    Optional<AnalysisVerdict> verdict = Optional.empty();
    if (RolloutStateMachine.analysisDue(state, resolution.versionName())) {
      AnalysisResult result = analysis.analyse(isvc, state.canary().stepStart(), now);
      verdict = Optional.of(AnalysisEvaluator.evaluate(isvc.getSpec().rollout.analysis, result));
    }
    RolloutDecision decision =
        RolloutStateMachine.next(
            new RolloutStateMachine.Input(
                resolution.versionName(),
                state,
                isvc.getSpec().rollout,
                canaryReady,
                verdict,
                rollout.analysisInterval(),
                now));

    RolloutState next = decision.state();
    Optional<String> refused = Optional.empty();
    try {
      reconcileChildren(isvc, next, versions, stable, canary, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != UNPROCESSABLE_ENTITY) {
        throw e;
      }
      // The API server refused what the spec asks for (e.g. a malformed podTemplate overlay): the
      // user must fix the spec; a retry would fail the same way.
      refused = Optional.of(e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
    report(isvc, decision, context);

    Optional<String> modelName =
        Optional.ofNullable(next.stable()).map(versions::get).map(mv -> mv.getSpec().modelName);
    InferenceServiceStatus status =
        InferenceServiceStatusCalculator.calculate(
            isvc,
            new InferenceServiceStatusCalculator.Observed(
                resolution,
                decision,
                deployment(context, InferenceServiceNames.stable(isvc)),
                deployment(context, InferenceServiceNames.canary(isvc)),
                modelName,
                trafficSplit,
                refused),
            now);
    if (refused.isPresent() && !sameReadyReason(isvc.getStatus(), status)) {
      new EventRecorder(context.getClient(), clock)
          .warning(isvc, InferenceServiceReasons.INVALID_SPEC, refused.get());
    }
    UpdateControl<InferenceService> control = writeStatus(isvc, status);
    decision.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  private Map<String, ModelVersion> modelVersions(
      InferenceService isvc, Context<InferenceService> context) {
    @SuppressWarnings("unchecked")
    InformerEventSource<ModelVersion, InferenceService> cache =
        (InformerEventSource<ModelVersion, InferenceService>)
            context
                .eventSourceRetriever()
                .getEventSourceFor(ModelVersion.class, ModelVersion.class.getSimpleName());
    return cache
        .list(isvc.getMetadata().getNamespace(), mv -> true)
        .collect(Collectors.toMap(mv -> mv.getMetadata().getName(), mv -> mv, (a, b) -> a));
  }

  private static Optional<Deployment> deployment(Context<InferenceService> context, String name) {
    return cached(context, Deployment.class, name);
  }

  /**
   * Applies what the next state needs: the NetworkPolicy first (so no pod starts unguarded), the
   * stable Deployment and its Service, HPA and PDB once a version is served, the canary Deployment
   * while a rollout runs; removes the canary once rolled back, or once the promoted version runs on
   * every stable pod, and the NetworkPolicy once the spec no longer asks for it.
   */
  private void reconcileChildren(
      InferenceService isvc,
      RolloutState next,
      Map<String, ModelVersion> versions,
      Optional<Deployment> stable,
      Optional<Deployment> canary,
      Context<InferenceService> context) {
    reconcileNetworkPolicy(isvc, context);
    if (next.stable() == null) {
      return;
    }
    // A served version whose ModelVersion vanished keeps its Deployment as it is.
    ModelVersion stableModel = versions.get(next.stable());
    if (stableModel != null) {
      apply(
          InferenceServiceResources.deployment(
              isvc, stableModel, Role.stable, Optional.empty(), inference),
          Deployment.class,
          context);
    }
    apply(InferenceServiceResources.service(isvc), Service.class, context);
    apply(InferenceServiceResources.autoscaler(isvc), HorizontalPodAutoscaler.class, context);
    apply(InferenceServiceResources.disruptionBudget(isvc), PodDisruptionBudget.class, context);
    if (trafficSplit == TrafficSplit.GatewayAPI) {
      apply(GatewayApiResources.service(isvc, Role.stable), Service.class, context);
      apply(GatewayApiResources.service(isvc, Role.canary), Service.class, context);
      // The canary gets its weight once its pods are ready (the step has started), never before.
      int canaryPercent =
          next.canary() == null || next.canary().stepStart() == null
              ? 0
              : isvc.getSpec().rollout.steps.get(next.canary().step());
      apply(GatewayApiResources.route(isvc, canaryPercent), HTTPRoute.class, context);
    }

    if (next.canary() != null) {
      ModelVersion canaryModel = versions.get(next.canary().version());
      if (canaryModel != null) {
        int percent = isvc.getSpec().rollout.steps.get(next.canary().step());
        int stableReplicas =
            stable
                .map(d -> d.getSpec().getReplicas())
                .filter(Objects::nonNull)
                .orElse(isvc.getSpec().minReplicas == null ? 1 : isvc.getSpec().minReplicas);
        int maxReplicas = isvc.getSpec().maxReplicas == null ? 4 : isvc.getSpec().maxReplicas;
        apply(
            InferenceServiceResources.deployment(
                isvc,
                canaryModel,
                Role.canary,
                Optional.of(
                    ServingDeployments.canaryReplicas(percent, stableReplicas, maxReplicas)),
                inference),
            Deployment.class,
            context);
      }
    } else if (canary.isPresent()
        && (!ServingDeployments.version(canary.get()).equals(Optional.of(next.stable()))
            || ServingDeployments.readyAt(stable, next.stable()))) {
      LOG.infof("deleting canary Deployment %s", canary.get().getMetadata().getName());
      context.getClient().resource(canary.get()).delete();
    }
  }

  /** Applies the desired NetworkPolicy, or deletes the one a disabled spec no longer wants. */
  private void reconcileNetworkPolicy(InferenceService isvc, Context<InferenceService> context) {
    Optional<NetworkPolicy> desired = NetworkPolicyResources.networkPolicy(isvc, operatorPeer);
    if (desired.isPresent()) {
      apply(desired.get(), NetworkPolicy.class, context);
      return;
    }
    cached(context, NetworkPolicy.class, InferenceServiceNames.service(isvc))
        .ifPresent(
            policy -> {
              LOG.infof("deleting NetworkPolicy %s", policy.getMetadata().getName());
              context.getClient().resource(policy).delete();
            });
  }

  /** The cached child of that type and name. */
  private static <R extends HasMetadata> Optional<R> cached(
      Context<InferenceService> context, Class<R> type, String name) {
    return context.getSecondaryResources(type).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst();
  }

  /** Server-side applies a child whose cached copy does not carry the desired hash. */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> void apply(
      R desired, Class<R> type, Context<InferenceService> context) {
    Optional<R> observed = cached(context, type, desired.getMetadata().getName());
    Optional<String> want = InferenceServiceResources.hashOf(desired);
    if (observed.isPresent() && InferenceServiceResources.hashOf(observed.get()).equals(want)) {
      return;
    }
    InformerEventSource<R, InferenceService> cache =
        (InformerEventSource<R, InferenceService>)
            context.eventSourceRetriever().getEventSourceFor(type, type.getSimpleName());
    context.resourceOperations().serverSideApply(desired, cache);
    LOG.infof(
        "%s %s %s",
        observed.isPresent() ? "updated" : "created",
        type.getSimpleName(),
        desired.getMetadata().getName());
  }

  private void report(
      InferenceService isvc, RolloutDecision decision, Context<InferenceService> context) {
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    for (RolloutDecision.Event event : decision.events()) {
      LOG.infof("%s: %s", event.reason(), event.message());
      if (event.warning()) {
        events.warning(isvc, event.reason(), event.message());
      } else {
        events.normal(isvc, event.reason(), event.message());
      }
    }
    if (decision.rollback().isPresent()) {
      Counter.builder("gantry.rollbacks")
          .description("Canary rollouts rolled back after failed analysis")
          .tag("namespace", isvc.getMetadata().getNamespace())
          .register(meters)
          .increment();
    }
  }

  private static boolean sameReadyReason(InferenceServiceStatus old, InferenceServiceStatus next) {
    return old != null
        && Conditions.find(old.conditions, InferenceServiceReasons.READY)
            .map(c -> c.getReason())
            .equals(
                Conditions.find(next.conditions, InferenceServiceReasons.READY)
                    .map(c -> c.getReason()));
  }

  /** Patches the status only when it changed. */
  private static UpdateControl<InferenceService> writeStatus(
      InferenceService isvc, InferenceServiceStatus status) {
    if (isvc.getStatus() != null && StatusComparison.same(isvc.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    InferenceService patch = new InferenceService();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(isvc.getMetadata().getName())
            .withNamespace(isvc.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }
}
