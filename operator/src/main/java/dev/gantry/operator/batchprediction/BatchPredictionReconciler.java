package dev.gantry.operator.batchprediction;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.inferenceservice.ModelResolution;
import dev.gantry.operator.inferenceservice.ModelResolver;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs a BatchPrediction once: resolves and pins its model, creates the plan Job, then the shards'
 * Indexed Job, and writes status from their reports ({@link BatchPredictionStatusCalculator}). A
 * finished BatchPrediction is left alone, so applying it again does nothing. One with a schedule
 * only creates and prunes its runs, which are BatchPredictions of their own ({@link
 * BatchSchedules}).
 */
@ControllerConfiguration(name = BatchPredictionReconciler.NAME)
public class BatchPredictionReconciler
    implements Reconciler<BatchPrediction>, Cleaner<BatchPrediction> {
  public static final String NAME = "batchprediction";
  private static final Logger LOG = Logger.getLogger(BatchPredictionReconciler.class);
  private static final String MODELS = "BatchModelVersion";
  private static final Duration RELEASE_DELAY = Duration.ofSeconds(1);

  private final BatchSettings settings;
  private final Clock clock;
  private final BatchSchedules schedules;

  @Inject
  public BatchPredictionReconciler(GantryConfig config) {
    this(BatchSettings.of(config), Clock.systemUTC());
  }

  public BatchPredictionReconciler(BatchSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.schedules = new BatchSchedules(clock);
  }

  @Override
  public List<EventSource<?, BatchPrediction>> prepareEventSources(
      EventSourceContext<BatchPrediction> context) {
    IndexerResourceCache<BatchPrediction> batches = context.getPrimaryCache();
    return List.of(
        labelledInformer(Job.class, context),
        labelledInformer(Pod.class, context),
        BatchSchedules.runsInformer(context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ModelVersion.class, BatchPrediction.class)
                .withName(MODELS)
                // A version becoming validated concerns the batches still waiting for a model.
                .withSecondaryToPrimaryMapper(
                    mv ->
                        batches
                            .list(
                                mv.getMetadata().getNamespace(),
                                bp ->
                                    !BatchSchedules.scheduled(bp)
                                        && (bp.getStatus() == null
                                            || bp.getStatus().modelVersion == null))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context));
  }

  private static <R extends HasMetadata> InformerEventSource<R, BatchPrediction> labelledInformer(
      Class<R> type, EventSourceContext<BatchPrediction> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, BatchPrediction.class)
            .withName("Batch" + type.getSimpleName())
            .withLabelSelector(Labels.BATCH_PREDICTION)
            .withSecondaryToPrimaryMapper(
                r ->
                    Set.of(
                        new ResourceID(
                            r.getMetadata().getLabels().get(Labels.BATCH_PREDICTION),
                            r.getMetadata().getNamespace())))
            .build(),
        context);
  }

  @Override
  public UpdateControl<BatchPrediction> reconcile(
      BatchPrediction bp, Context<BatchPrediction> context) {
    if (BatchSchedules.scheduled(bp)) {
      return schedules.reconcile(bp, context);
    }
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    if (finished(bp)) {
      List<Pod> holding = ReportFinalizer.releasable(pods, true, true);
      // A pod that changed meanwhile (422) may see no further event of its own: come back for it.
      return ReportFinalizer.release(context.getClient(), holding) < holding.size()
          ? UpdateControl.<BatchPrediction>noUpdate().rescheduleAfter(RELEASE_DELAY)
          : UpdateControl.noUpdate();
    }
    Optional<Job> plan = job(context, BatchJobs.planJobName(bp));
    Optional<Job> shards = job(context, BatchJobs.shardJobName(bp));
    Model model = model(bp, context, plan.isPresent());
    Optional<String> jobError = Optional.empty();
    try {
      if (model.version().isPresent() && plan.isEmpty()) {
        plan =
            Optional.of(
                create(
                    context,
                    BatchJobs.planJob(bp, model.version().get(), model.planId(bp), settings)));
      }
      Observed observed = observed(model, plan, shards, pods, Optional.empty());
      BatchPredictionStatus status =
          BatchPredictionStatusCalculator.calculate(bp, observed, clock.instant());
      if (status.rowsTotal != null
          && shards.isEmpty()
          && status.phase == BatchPredictionPhase.Running) {
        if (model.version().isEmpty()) {
          model =
              Model.gone(
                  model, "ModelVersion " + model.name() + " was deleted before the shards started");
        } else {
          shards =
              Optional.of(
                  create(
                      context,
                      BatchJobs.shardJob(bp, model.version().get(), model.planId(bp), settings)));
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != 422) {
        throw e;
      }
      // 409: a restarted operator's Job already exists (the cache lags); the next event finds it.
      if (e.getCode() == 422) {
        jobError =
            Optional.of(
                "a Job of this batch cannot be created: "
                    + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
      }
    }
    BatchPredictionStatus status =
        BatchPredictionStatusCalculator.calculate(
            bp, observed(model, plan, shards, pods, jobError), clock.instant());
    boolean recorded = bp.getStatus() != null && StatusComparison.same(bp.getStatus(), status);
    ReportFinalizer.release(context.getClient(), ReportFinalizer.releasable(pods, recorded, false));
    UpdateControl<BatchPrediction> update = writeStatus(bp, status, context);
    if (!recorded && !ReportFinalizer.releasable(pods, true, finished(status, bp)).isEmpty()) {
      // Ended pods wait for the status being written now; the next pass lets them go.
      return update.rescheduleAfter(RELEASE_DELAY);
    }
    // Job and pod events drive progress; this bounds the wait for a report that never arrives.
    return finished(status, bp)
        ? update
        : update.rescheduleAfter(BatchPredictionStatusCalculator.REPORT_GRACE);
  }

  /**
   * Deleted: no report will be read any more. The Jobs go first, so that no new pod (with the
   * finalizer) appears after the last release; the batch goes once none of its pods holds it.
   */
  @Override
  public DeleteControl cleanup(BatchPrediction bp, Context<BatchPrediction> context) {
    List<Job> jobs = List.copyOf(context.getSecondaryResources(Job.class));
    for (Job job : jobs) {
      context.getClient().resource(job).delete();
    }
    List<Pod> holding =
        ReportFinalizer.releasable(context.getSecondaryResources(Pod.class), true, true);
    int released = ReportFinalizer.release(context.getClient(), holding);
    if (!jobs.isEmpty() || released < holding.size()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RELEASE_DELAY);
    }
    return DeleteControl.defaultDelete();
  }

  private static Observed observed(
      Model model,
      Optional<Job> plan,
      Optional<Job> shards,
      List<Pod> pods,
      Optional<String> jobError) {
    return new Observed(
        model
            .version()
            .map(v -> v.getMetadata().getName())
            .or(() -> Optional.ofNullable(model.pinned() ? model.name() : null)),
        model.sha256(),
        model.reason(),
        model.message(),
        plan,
        shards,
        pods,
        jobError);
  }

  /**
   * The model: once the batch started (status names it, or the plan Job exists), the pinned
   * version, so a moving alias does not change a running batch; before, the spec's resolution.
   */
  private static Model model(
      BatchPrediction bp, Context<BatchPrediction> context, boolean started) {
    String namespace = bp.getMetadata().getNamespace();
    List<ModelVersion> versions = models(context, namespace);
    String pinned = bp.getStatus() == null ? null : bp.getStatus().modelVersion;
    if (pinned != null) {
      Optional<ModelVersion> found =
          versions.stream().filter(v -> pinned.equals(v.getMetadata().getName())).findFirst();
      String sha = bp.getStatus().modelSha256;
      return new Model(
          pinned,
          found,
          true,
          sha,
          found.isPresent() ? BatchPredictionReasons.PINNED : BatchPredictionReasons.MODEL_GONE,
          found.isPresent()
              ? "ModelVersion " + pinned + " scores this batch"
              : "ModelVersion " + pinned + " no longer exists");
    }
    ModelResolution r =
        ModelResolver.resolve(bp.getSpec().modelVersion, bp.getSpec().modelRef, versions);
    if (r.isResolved()) {
      ModelVersion v = r.model().get();
      return new Model(
          v.getMetadata().getName(),
          r.model(),
          true,
          v.getSpec().sha256,
          BatchPredictionReasons.PINNED,
          r.message() + "; it scores this batch");
    }
    return new Model(
        null,
        Optional.empty(),
        false,
        null,
        r.rejected() ? BatchPredictionReasons.MODEL_REJECTED : r.reason(),
        r.message());
  }

  /** A resolved (or pinned) model, or why there is none. */
  private record Model(
      String name,
      Optional<ModelVersion> version,
      boolean pinned,
      String sha256,
      String reason,
      String message) {
    String planId(BatchPrediction bp) {
      String digest =
          sha256 != null ? sha256 : version.map(v -> v.getSpec().storageUri).orElse(name);
      return BatchJobs.planId(bp, digest);
    }

    static Model gone(Model m, String message) {
      return new Model(
          m.name, Optional.empty(), false, m.sha256, BatchPredictionReasons.MODEL_GONE, message);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<ModelVersion> models(Context<BatchPrediction> context, String namespace) {
    InformerEventSource<ModelVersion, BatchPrediction> cache =
        (InformerEventSource<ModelVersion, BatchPrediction>)
            context.eventSourceRetriever().getEventSourceFor(ModelVersion.class, MODELS);
    return cache.list(namespace).toList();
  }

  private static Optional<Job> job(Context<BatchPrediction> context, String name) {
    return context.getSecondaryResources(Job.class).stream()
        .filter(j -> name.equals(j.getMetadata().getName()))
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Job create(Context<BatchPrediction> context, Job job) {
    InformerEventSource<Job, BatchPrediction> cache =
        (InformerEventSource<Job, BatchPrediction>)
            context.eventSourceRetriever().getEventSourceFor(Job.class, "BatchJob");
    Job created = context.resourceOperations().create(job, cache);
    LOG.infof("created Job %s", created.getMetadata().getName());
    return created;
  }

  private static boolean finished(BatchPrediction bp) {
    return bp.getStatus() != null && finished(bp.getStatus(), bp);
  }

  private static boolean finished(BatchPredictionStatus status, BatchPrediction bp) {
    return (status.phase == BatchPredictionPhase.Succeeded
            || status.phase == BatchPredictionPhase.Failed)
        && java.util.Objects.equals(status.observedGeneration, bp.getMetadata().getGeneration());
  }

  private UpdateControl<BatchPrediction> writeStatus(
      BatchPrediction bp, BatchPredictionStatus status, Context<BatchPrediction> context) {
    BatchPredictionStatus old = bp.getStatus();
    if (old != null && StatusComparison.same(old, status)) {
      return UpdateControl.noUpdate();
    }
    if (old == null || old.phase != status.phase) {
      String message =
          status.conditions.stream()
              .filter(c -> BatchPredictionReasons.COMPLETE.equals(c.getType()))
              .findFirst()
              .map(c -> c.getMessage())
              .orElse("");
      LOG.infof("phase %s -> %s: %s", old == null ? null : old.phase, status.phase, message);
      EventRecorder events = new EventRecorder(context.getClient(), clock);
      if (status.phase == BatchPredictionPhase.Failed) {
        events.warning(bp, "Failed", message);
      } else if (status.phase == BatchPredictionPhase.Succeeded) {
        events.normal(bp, "Succeeded", message);
      }
    }
    BatchPrediction patch = new BatchPrediction();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(bp.getMetadata().getName())
            .withNamespace(bp.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }
}
