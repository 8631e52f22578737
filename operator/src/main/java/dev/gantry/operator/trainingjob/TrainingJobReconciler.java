package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.idle.IdleReclaimMarks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs a TrainingJob as an Indexed batch/v1 Job (plus a headless Service for multi-pod jobs),
 * reports its status from the informer caches and registers its model on success. Creates children
 * once and never rewrites them (a Job's pod template is immutable); the only later write is
 * spec.suspend.
 */
@ControllerConfiguration(name = TrainingJobReconciler.NAME)
public class TrainingJobReconciler implements Reconciler<TrainingJob> {
  public static final String NAME = "trainingjob";
  private static final Logger LOG = Logger.getLogger(TrainingJobReconciler.class);

  private final GantryConfig.Training settings;
  private final Clock clock;

  @Inject
  public TrainingJobReconciler(GantryConfig config) {
    this(config.training(), Clock.systemUTC());
  }

  public TrainingJobReconciler(GantryConfig.Training settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TrainingJob>> prepareEventSources(
      EventSourceContext<TrainingJob> context) {
    // Children and pods are found by the gantry.dev/trainingjob label, so the caches hold only
    // Gantry's objects, not every Job and pod of the cluster.
    return List.of(
        labelledInformer(Job.class, context),
        labelledInformer(Service.class, context),
        labelledInformer(Pod.class, context));
  }

  private static <R extends HasMetadata> InformerEventSource<R, TrainingJob> labelledInformer(
      Class<R> type, EventSourceContext<TrainingJob> context) {
    SecondaryToPrimaryMapper<R> byLabel =
        r ->
            Set.of(
                new ResourceID(
                    r.getMetadata().getLabels().get(Labels.TRAINING_JOB),
                    r.getMetadata().getNamespace()));
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, TrainingJob.class)
            .withName(type.getSimpleName())
            .withLabelSelector(Labels.TRAINING_JOB)
            .withSecondaryToPrimaryMapper(byLabel)
            .build(),
        context);
  }

  @Override
  public UpdateControl<TrainingJob> reconcile(
      TrainingJob trainingJob, Context<TrainingJob> context) {
    Optional<String> problem = TrainingJobValidator.problem(trainingJob);
    if (problem.isPresent()) {
      return writeStatus(
          trainingJob,
          TrainingJobStatusCalculator.invalid(
              trainingJob, TrainingJobReasons.INVALID_SPEC, problem.get(), clock.instant()),
          context);
    }
    if (IdleReclaimMarks.terminated(trainingJob)) {
      return UpdateControl.noUpdate(); // ended by an idle reclaim: final, its Job is not recreated
    }
    Optional<Job> job;
    try {
      job = reconcileJob(trainingJob, context);
      reconcileService(trainingJob, context);
    } catch (NameTakenException e) {
      return writeStatus(
          trainingJob,
          TrainingJobStatusCalculator.invalid(
              trainingJob, TrainingJobReasons.NAME_TAKEN, e.getMessage(), clock.instant()),
          context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      // The API server refused what the spec asks for (e.g. a malformed podTemplate overlay):
      // the user must fix the spec, a retry would fail the same way.
      String message = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
      return writeStatus(
          trainingJob,
          TrainingJobStatusCalculator.invalid(
              trainingJob, TrainingJobReasons.INVALID_SPEC, message, clock.instant()),
          context);
    }
    List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));
    ObservedChildren observed = new ObservedChildren(job, pods);

    Optional<ModelRegistration> registration = Optional.empty();
    if (TrainingJobStatusCalculator.verdict(trainingJob, observed).phase()
            == TrainingJobPhase.Succeeded
        && ModelHandOff.pending(trainingJob)) {
      registration = new ModelHandOff(context.getClient()).register(trainingJob, pods);
    }
    TrainingJobStatus status =
        TrainingJobStatusCalculator.calculate(
            trainingJob, observed, registration, settings.gpuResourceName(), clock.instant());
    registration
        .filter(r -> !r.registered())
        .ifPresent(
            r ->
                events(context)
                    .warning(trainingJob, r.reason(), "model not registered: " + r.message()));
    registration
        .filter(ModelRegistration::registered)
        .ifPresent(r -> events(context).normal(trainingJob, "ModelRegistered", r.message()));
    return writeStatus(trainingJob, status, context);
  }

  /** The Job from the cache, created when missing, with spec.suspend following the TrainingJob. */
  private Optional<Job> reconcileJob(TrainingJob trainingJob, Context<TrainingJob> context) {
    Optional<Job> observed = context.getSecondaryResource(Job.class);
    if (observed.isEmpty()) {
      return createOnce(TrainingJobResources.job(trainingJob, settings), Job.class, context);
    }
    Job job = observed.get();
    // An idle reclaim marks the Job; it stays suspended until the reclaimer removes the mark.
    boolean wanted =
        Boolean.TRUE.equals(trainingJob.getSpec().suspend) || IdleReclaimMarks.isReclaimed(job);
    boolean actual = Boolean.TRUE.equals(job.getSpec().getSuspend());
    // A queued job is unsuspended by its queue (Kueue), never by Gantry.
    boolean queued =
        trainingJob.getMetadata().getLabels() != null
            && trainingJob.getMetadata().getLabels().containsKey(Labels.KUEUE_QUEUE);
    if (wanted != actual && (wanted || !queued) && !isFinished(job)) {
      LOG.infof("%s the Job", wanted ? "suspending" : "resuming");
      return Optional.of(
          context
              .resourceOperations()
              .jsonPatch(
                  job,
                  j -> {
                    j.getSpec().setSuspend(wanted);
                    return j;
                  }));
    }
    return observed;
  }

  private void reconcileService(TrainingJob trainingJob, Context<TrainingJob> context) {
    if (TrainingJobResources.needsService(trainingJob)
        && context.getSecondaryResource(Service.class).isEmpty()) {
      createOnce(TrainingJobResources.service(trainingJob, settings), Service.class, context);
    }
  }

  /**
   * Creates a child the cache does not show. The caches are synced before the first reconcile and
   * our own creates are cached at once, so a 409 here means an object of that name exists without
   * this job's label: reported in status, not retried.
   */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> Optional<R> createOnce(
      R desired, Class<R> type, Context<TrainingJob> context) {
    InformerEventSource<R, TrainingJob> cache =
        (InformerEventSource<R, TrainingJob>)
            context.eventSourceRetriever().getEventSourceFor(type, type.getSimpleName());
    try {
      R created = context.resourceOperations().create(desired, cache);
      LOG.infof("created %s %s", type.getSimpleName(), desired.getMetadata().getName());
      return Optional.of(created);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new NameTakenException(
            "a "
                + type.getSimpleName()
                + " named "
                + desired.getMetadata().getName()
                + " already exists and does not belong to this TrainingJob; delete it or rename"
                + " the TrainingJob");
      }
      throw e;
    }
  }

  private static boolean isFinished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  /** Patches the status only when it changed, and reports a phase change as an event. */
  private UpdateControl<TrainingJob> writeStatus(
      TrainingJob trainingJob, TrainingJobStatus status, Context<TrainingJob> context) {
    TrainingJobStatus old = trainingJob.getStatus();
    if (old != null && StatusComparison.same(old, status)) {
      return UpdateControl.noUpdate();
    }
    TrainingJobPhase oldPhase = old == null ? null : old.phase;
    // A new job starting out Pending is no news (kubectl shows it was created); every later
    // change is. This keeps the writes for a new job at its Job, its status and nothing else.
    boolean newAndPending = oldPhase == null && status.phase == TrainingJobPhase.Pending;
    if (oldPhase != status.phase && !newAndPending) {
      String reason = readyReason(status);
      String message = readyMessage(status);
      LOG.infof("phase %s -> %s (%s: %s)", oldPhase, status.phase, reason, message);
      if (status.phase == TrainingJobPhase.Failed) {
        events(context).warning(trainingJob, reason, message);
      } else {
        events(context).normal(trainingJob, reason, message);
      }
    }
    TrainingJob patch = new TrainingJob();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(trainingJob.getMetadata().getName())
            .withNamespace(trainingJob.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  private static String readyReason(TrainingJobStatus status) {
    return status.conditions.get(0).getReason();
  }

  private static String readyMessage(TrainingJobStatus status) {
    return status.conditions.get(0).getMessage();
  }

  private EventRecorder events(Context<TrainingJob> context) {
    return new EventRecorder(context.getClient(), clock);
  }
}
