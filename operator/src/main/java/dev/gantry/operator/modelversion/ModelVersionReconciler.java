package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionStatus;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.config.GantryConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Validates each ModelVersion with a Job of the inference image, applies its gates, arbitrates its
 * aliases, lists the InferenceServices serving it, and holds its deletion (finalizer) while any
 * serves it. Creates the validation Job once and reads its verdict once; the rest is computed by
 * pure functions from the caches.
 */
@ControllerConfiguration(
    name = ModelVersionReconciler.NAME,
    finalizerName = ModelVersionReconciler.FINALIZER)
public class ModelVersionReconciler implements Reconciler<ModelVersion>, Cleaner<ModelVersion> {
  public static final String NAME = "modelversion";

  /** Holds a served ModelVersion until no InferenceService serves it. */
  public static final String FINALIZER = "gantry.dev/served-model-protection";

  private static final Logger LOG = Logger.getLogger(ModelVersionReconciler.class);
  private static final String PEERS = "ModelVersionPeers";

  private final ValidationSettings settings;
  private final Clock clock;

  @Inject
  public ModelVersionReconciler(GantryConfig config) {
    this(ValidationSettings.of(config), Clock.systemUTC());
  }

  public ModelVersionReconciler(ValidationSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ModelVersion>> prepareEventSources(
      EventSourceContext<ModelVersion> context) {
    IndexerResourceCache<ModelVersion> versions = context.getPrimaryCache();
    return List.of(
        labelledInformer(Job.class, context),
        labelledInformer(Pod.class, context),
        servingInformer(context, versions),
        peersInformer(context, versions));
  }

  /** Validation Jobs and their pods, by the gantry.dev/modelversion label. */
  private static <R extends HasMetadata> InformerEventSource<R, ModelVersion> labelledInformer(
      Class<R> type, EventSourceContext<ModelVersion> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, ModelVersion.class)
            .withName("Validation" + type.getSimpleName())
            .withLabelSelector(Labels.MODEL_VERSION)
            .withSecondaryToPrimaryMapper(
                r ->
                    Set.of(
                        new ResourceID(
                            r.getMetadata().getLabels().get(Labels.MODEL_VERSION),
                            r.getMetadata().getNamespace())))
            .build(),
        context);
  }

  /**
   * An InferenceService concerns the versions it serves now and the versions that still list it in
   * status.servedBy (it stopped serving them, or was deleted).
   */
  private static InformerEventSource<InferenceService, ModelVersion> servingInformer(
      EventSourceContext<ModelVersion> context, IndexerResourceCache<ModelVersion> versions) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(InferenceService.class, ModelVersion.class)
            .withName(InferenceService.class.getSimpleName())
            .withSecondaryToPrimaryMapper(
                service -> {
                  String namespace = service.getMetadata().getNamespace();
                  Set<ResourceID> ids = new HashSet<>();
                  ServingReferences.servedVersions(service)
                      .forEach(v -> ids.add(new ResourceID(v, namespace)));
                  versions
                      .list(
                          namespace,
                          mv ->
                              mv.getStatus() != null
                                  && mv.getStatus().servedBy != null
                                  && mv.getStatus()
                                      .servedBy
                                      .contains(service.getMetadata().getName()))
                      .forEach(mv -> ids.add(ResourceID.fromResource(mv)));
                  return ids;
                })
            .build(),
        context);
  }

  /**
   * A version's alias change (or deletion) concerns the other versions of its model that hold
   * aliases.
   */
  private static InformerEventSource<ModelVersion, ModelVersion> peersInformer(
      EventSourceContext<ModelVersion> context, IndexerResourceCache<ModelVersion> versions) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ModelVersion.class, ModelVersion.class)
            .withName(PEERS)
            // Status writes of a version concern only itself; its aliases concern its peers.
            .withOnUpdateFilter(
                (updated, old) ->
                    updated.getSpec() == null
                        || old.getSpec() == null
                        || !Objects.equals(updated.getSpec().aliases, old.getSpec().aliases))
            .withSecondaryToPrimaryMapper(
                changed ->
                    versions
                        .list(
                            changed.getMetadata().getNamespace(),
                            mv ->
                                !mv.getMetadata().getName().equals(changed.getMetadata().getName())
                                    && mv.getSpec() != null
                                    && changed.getSpec() != null
                                    && Objects.equals(
                                        mv.getSpec().modelName, changed.getSpec().modelName)
                                    && mv.getSpec().aliases != null
                                    && !mv.getSpec().aliases.isEmpty())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build(),
        context);
  }

  @Override
  public UpdateControl<ModelVersion> reconcile(ModelVersion mv, Context<ModelVersion> context) {
    ModelVersionStatus status = calculate(mv, context, true);
    UpdateControl<ModelVersion> update = writeStatus(mv, status, context);
    // Job and pod events drive validation; this only bounds the wait for a report that a
    // finished Job's pod never delivers.
    return status.phase == ModelVersionPhase.Validating
        ? update.rescheduleAfter(ValidationObserver.REPORT_GRACE.plusSeconds(1))
        : update;
  }

  @Override
  public DeleteControl cleanup(ModelVersion mv, Context<ModelVersion> context) {
    List<String> servedBy = servedBy(mv, context);
    if (servedBy.isEmpty()) {
      LOG.info("no InferenceService serves this version; letting it go");
      return DeleteControl.defaultDelete();
    }
    ModelVersionStatus status = calculate(mv, context, false);
    UpdateControl<ModelVersion> update = writeStatus(mv, status, context);
    if (update.isPatchStatus()) {
      context.resourceOperations().serverSideApplyPrimaryStatus(update.getResource().orElseThrow());
    }
    return DeleteControl.noFinalizerRemoval();
  }

  /**
   * The new status. {@code mayCreateJob} is false while deleting: a deleted version is not
   * validated again.
   */
  private ModelVersionStatus calculate(
      ModelVersion mv, Context<ModelVersion> context, boolean mayCreateJob) {
    List<String> specProblems = SpecProblems.metrics(mv.getSpec());
    List<String> heldAliases = AliasArbitration.conflicts(mv, peers(mv, context));
    Optional<ValidationOutcome> outcome =
        specProblems.isEmpty()
            ? Optional.of(validation(mv, context, mayCreateJob))
            : Optional.empty();
    return ModelVersionStatusCalculator.calculate(
        mv,
        new ModelVersionStatusCalculator.Observed(
            specProblems,
            outcome,
            SpecProblems.aliases(mv.getSpec()),
            heldAliases,
            servedBy(mv, context),
            mv.getMetadata().getDeletionTimestamp() != null),
        clock.instant());
  }

  /** The recorded verdict, or the Job's outcome, creating the Job when it is missing. */
  private ValidationOutcome validation(
      ModelVersion mv, Context<ModelVersion> context, boolean mayCreateJob) {
    String jobName = ValidationJobResources.jobName(mv);
    Optional<ValidationOutcome.Finished> recorded = ValidationObserver.recorded(mv, jobName);
    if (recorded.isPresent()) {
      return recorded.get();
    }
    Optional<Job> job =
        context.getSecondaryResources(Job.class).stream()
            .filter(j -> jobName.equals(j.getMetadata().getName()))
            .findFirst();
    if (job.isEmpty() && mayCreateJob) {
      try {
        job = Optional.of(createJob(mv, context));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != 422) {
          throw e;
        }
        String why = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
        return new ValidationOutcome.Finished(
            jobName,
            false,
            ModelVersionReasons.JOB_NOT_CREATED,
            "the validation Job " + jobName + " cannot be created: " + why,
            Map.of(),
            null);
      }
    }
    return ValidationObserver.observe(
        mv, jobName, job, context.getSecondaryResources(Pod.class), clock.instant());
  }

  @SuppressWarnings("unchecked")
  private Job createJob(ModelVersion mv, Context<ModelVersion> context) {
    InformerEventSource<Job, ModelVersion> cache =
        (InformerEventSource<Job, ModelVersion>)
            context.eventSourceRetriever().getEventSourceFor(Job.class, "ValidationJob");
    Job created =
        context.resourceOperations().create(ValidationJobResources.job(mv, settings), cache);
    LOG.infof("created validation Job %s", created.getMetadata().getName());
    return created;
  }

  /**
   * The namespace's versions from the peers cache: a peer's alias change reconciles this version
   * from that cache's event, so the same cache already holds the change (the primary cache may not
   * yet).
   */
  @SuppressWarnings("unchecked")
  private static List<ModelVersion> peers(ModelVersion mv, Context<ModelVersion> context) {
    InformerEventSource<ModelVersion, ModelVersion> peers =
        (InformerEventSource<ModelVersion, ModelVersion>)
            context.eventSourceRetriever().getEventSourceFor(ModelVersion.class, PEERS);
    return peers.list(mv.getMetadata().getNamespace()).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> servedBy(ModelVersion mv, Context<ModelVersion> context) {
    InformerEventSource<InferenceService, ModelVersion> services =
        (InformerEventSource<InferenceService, ModelVersion>)
            context
                .eventSourceRetriever()
                .getEventSourceFor(InferenceService.class, InferenceService.class.getSimpleName());
    String namespace = mv.getMetadata().getNamespace();
    return ServingReferences.servingServices(
        namespace, mv.getMetadata().getName(), services.list(namespace).toList());
  }

  /** Patches the status only when it changed; reports what a user should know as events. */
  private UpdateControl<ModelVersion> writeStatus(
      ModelVersion mv, ModelVersionStatus status, Context<ModelVersion> context) {
    ModelVersionStatus old = mv.getStatus();
    if (old != null && StatusComparison.same(old, status)) {
      return UpdateControl.noUpdate();
    }
    recordEvents(mv, old, status, context);
    ModelVersion patch = new ModelVersion();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(mv.getMetadata().getName())
            .withNamespace(mv.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  private void recordEvents(
      ModelVersion mv,
      ModelVersionStatus old,
      ModelVersionStatus status,
      Context<ModelVersion> context) {
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    ModelVersionPhase oldPhase = old == null ? null : old.phase;
    Condition ready = Conditions.find(status.conditions, ModelVersionReasons.READY).orElseThrow();
    if (oldPhase != status.phase && status.phase != ModelVersionPhase.Validating) {
      LOG.infof(
          "phase %s -> %s (%s: %s)", oldPhase, status.phase, ready.getReason(), ready.getMessage());
      if (status.phase == ModelVersionPhase.Ready) {
        events.normal(mv, ready.getReason(), ready.getMessage());
      } else {
        events.warning(mv, ready.getReason(), ready.getMessage());
      }
    }
    for (String type :
        List.of(ModelVersionReasons.ALIAS_CONFLICT, ModelVersionReasons.DELETION_BLOCKED)) {
      Optional<Condition> now =
          Conditions.find(status.conditions, type)
              .filter(c -> Conditions.TRUE.equals(c.getStatus()));
      boolean before = old != null && Conditions.isTrue(old.conditions, type);
      boolean changed =
          now.isPresent()
              && (!before
                  || !Objects.equals(
                      Conditions.find(old.conditions, type).map(Condition::getMessage).orElse(null),
                      now.get().getMessage()));
      if (changed) {
        events.warning(mv, type, now.get().getMessage());
      }
    }
  }
}
