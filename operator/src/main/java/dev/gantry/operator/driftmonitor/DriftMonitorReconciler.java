package dev.gantry.operator.driftmonitor;

import static dev.gantry.operator.driftmonitor.DriftMonitorReasons.*;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorSpec;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitorStatus;
import dev.gantry.api.v1alpha1.driftmonitor.LastRetrain;
import dev.gantry.api.v1alpha1.driftmonitor.StatisticsSource;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.common.Conditions;
import dev.gantry.operator.common.CronSchedule;
import dev.gantry.operator.common.EventRecorder;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.driftmonitor.stats.DatasetDrift;
import dev.gantry.operator.driftmonitor.stats.DriftEvaluator;
import dev.gantry.operator.driftmonitor.stats.DriftSettings;
import dev.gantry.operator.driftmonitor.stats.NoLiveSamplesException;
import dev.gantry.operator.prometheus.PrometheusClients;
import dev.gantry.storage.Storage;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every {@code interval}: reads the served model's baseline and the live inputs, judges drift,
 * writes the verdict to status, and starts a retraining TrainingJob when the policy says so. The
 * live statistics cannot be watched, so it reschedules itself; the pure parts are {@link
 * LiveWindow}, {@link DriftEvaluator}, {@link RetrainPolicy} and {@link
 * DriftMonitorStatusCalculator}.
 */
@ControllerConfiguration(name = DriftMonitorReconciler.NAME)
public class DriftMonitorReconciler implements Reconciler<DriftMonitor>, Cleaner<DriftMonitor> {
  public static final String NAME = "driftmonitor";
  private static final Logger LOG = Logger.getLogger(DriftMonitorReconciler.class);
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  static final int DEFAULT_MIN_SAMPLES = 1000;

  private final Clock clock;
  private final BaselineReader baselines;
  private final PodLiveStatistics podStatistics;
  private final PrometheusLiveStatistics prometheusStatistics;
  private final DriftMetrics metrics;

  @Inject
  public DriftMonitorReconciler(MeterRegistry registry, PrometheusClients prometheus) {
    this(registry, prometheus, new ServingPodHttp(Duration.ofSeconds(5)));
  }

  private DriftMonitorReconciler(
      MeterRegistry registry, PrometheusClients prometheus, ServingPodHttp pods) {
    this(
        Clock.systemUTC(),
        new BaselineReader(Storage.fromEnvironment(), new PodBaselines(pods)::fetch),
        new PodLiveStatistics(new PodStatistics(pods)),
        new PrometheusLiveStatistics(prometheus.configured()),
        new DriftMetrics(registry));
  }

  public DriftMonitorReconciler(
      Clock clock,
      BaselineReader baselines,
      PodLiveStatistics podStatistics,
      PrometheusLiveStatistics prometheusStatistics,
      DriftMetrics metrics) {
    this.clock = clock;
    this.baselines = baselines;
    this.podStatistics = podStatistics;
    this.prometheusStatistics = prometheusStatistics;
    this.metrics = metrics;
  }

  /** The served ModelVersion and its baseline, or why they cannot be read. */
  private record Served(
      InferenceService service, ModelVersion modelVersion, BaselineStatistics baseline) {}

  private static final class Unresolved extends Exception {
    final String reason;

    Unresolved(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  @Override
  public UpdateControl<DriftMonitor> reconcile(
      DriftMonitor monitor, Context<DriftMonitor> context) {
    KubernetesClient client = context.getClient();
    Instant now = clock.instant();
    DriftMonitorSpec spec = monitor.getSpec();
    Duration interval;
    try {
      interval = ApiDurations.parse(spec.interval, DEFAULT_INTERVAL);
    } catch (IllegalArgumentException e) {
      interval = DEFAULT_INTERVAL;
    }
    Served served = null;
    Evaluation evaluation;
    try {
      served = resolve(client, monitor);
      evaluation = evaluate(client, monitor, served, now, interval);
    } catch (Unresolved e) {
      evaluation = new Evaluation.Failed(e.reason, e.getMessage());
    }
    if (evaluation instanceof Evaluation.Verdict v) {
      metrics.record(
          monitor.getMetadata().getNamespace(), monitor.getMetadata().getName(), v.drift());
    }
    DriftMonitorStatusCalculator.RetrainState retrain =
        retrain(client, monitor, evaluation, served, now);
    DriftMonitorStatus status =
        DriftMonitorStatusCalculator.calculate(
            monitor,
            served == null ? null : served.modelVersion().getMetadata().getName(),
            evaluation,
            retrain,
            now);
    announce(monitor, status, context);
    Duration next = nextEvaluation(spec, interval, now);
    if (monitor.getStatus() != null && StatusComparison.same(monitor.getStatus(), status)) {
      return UpdateControl.<DriftMonitor>noUpdate().rescheduleAfter(next);
    }
    DriftMonitor patch = new DriftMonitor();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(monitor.getMetadata().getName())
            .withNamespace(monitor.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch).rescheduleAfter(next);
  }

  @Override
  public DeleteControl cleanup(DriftMonitor monitor, Context<DriftMonitor> context) {
    metrics.remove(monitor.getMetadata().getNamespace(), monitor.getMetadata().getName());
    podStatistics.forget(monitor.getMetadata().getUid());
    prometheusStatistics.forget(monitor.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  private Served resolve(KubernetesClient client, DriftMonitor monitor) throws Unresolved {
    String namespace = monitor.getMetadata().getNamespace();
    DriftMonitorSpec spec = monitor.getSpec();
    InferenceService service =
        client
            .resources(InferenceService.class)
            .inNamespace(namespace)
            .withName(spec.inferenceService)
            .get();
    if (service == null) {
      throw new Unresolved(
          SERVICE_NOT_FOUND, "InferenceService " + spec.inferenceService + " does not exist");
    }
    String version =
        spec.baseline != null && spec.baseline.modelVersion != null
            ? spec.baseline.modelVersion
            : service.getStatus() == null ? null : service.getStatus().modelVersion;
    if (version == null) {
      throw new Unresolved(
          NO_SERVED_MODEL,
          "InferenceService " + spec.inferenceService + " serves no ModelVersion yet");
    }
    ModelVersion modelVersion =
        client.resources(ModelVersion.class).inNamespace(namespace).withName(version).get();
    if (modelVersion == null) {
      throw new Unresolved(MODEL_VERSION_NOT_FOUND, "ModelVersion " + version + " does not exist");
    }
    if (modelVersion.getSpec().baseline == null
        || modelVersion.getSpec().baseline.storageUri == null) {
      throw new Unresolved(
          NO_BASELINE, "ModelVersion " + version + " has no baseline statistics (spec.baseline)");
    }
    try {
      return new Served(
          service,
          modelVersion,
          baselines.read(client, namespace, spec.inferenceService, modelVersion));
    } catch (BaselineReader.UnreadableException e) {
      throw new Unresolved(
          BASELINE_UNREADABLE,
          "cannot read the baseline of "
              + version
              + " at "
              + modelVersion.getSpec().baseline.storageUri
              + ": "
              + e.getMessage());
    }
  }

  private Evaluation evaluate(
      KubernetesClient client, DriftMonitor monitor, Served served, Instant now, Duration interval)
      throws Unresolved {
    DriftMonitorSpec spec = monitor.getSpec();
    List<FeatureBaseline> features = watchedFeatures(spec, served.baseline());
    LiveStatistics live = readLive(client, monitor, served, features, now, interval);
    if (live.problem() != null) {
      return new Evaluation.Failed(STATISTICS_UNAVAILABLE, live.problem());
    }
    long samples =
        LiveWindow.samples(live.window(), features.stream().map(FeatureBaseline::name).toList());
    int minSamples =
        spec.window == null || spec.window.minSamples == null
            ? DEFAULT_MIN_SAMPLES
            : spec.window.minSamples;
    if (samples < minSamples) {
      return new Evaluation.Collecting(
          samples,
          samples
              + " of "
              + minSamples
              + " live rows (window.minSamples) since the last verdict; no verdict yet");
    }
    try {
      DatasetDrift drift =
          DriftEvaluator.evaluate(
              served.baseline().rowCount(), features, live.window(), DriftSettings.from(spec));
      live.commit().run();
      return new Evaluation.Verdict(drift, samples);
    } catch (NoLiveSamplesException e) {
      return new Evaluation.Collecting(samples, e.getMessage());
    } catch (IllegalArgumentException e) {
      return new Evaluation.Failed(STATISTICS_MISMATCH, e.getMessage());
    }
  }

  private LiveStatistics readLive(
      KubernetesClient client,
      DriftMonitor monitor,
      Served served,
      List<FeatureBaseline> features,
      Instant now,
      Duration interval) {
    if (monitor.getSpec().statisticsSource == StatisticsSource.Prometheus) {
      return prometheusStatistics.read(
          monitor.getMetadata().getNamespace(),
          monitor.getMetadata().getUid(),
          served.modelVersion().getSpec().modelName,
          features,
          now,
          interval);
    }
    return podStatistics.read(
        client,
        monitor.getMetadata().getNamespace(),
        monitor.getMetadata().getUid(),
        monitor.getSpec().inferenceService,
        served.modelVersion().getMetadata().getName(),
        served.modelVersion().getSpec().modelName);
  }

  private static List<FeatureBaseline> watchedFeatures(
      DriftMonitorSpec spec, BaselineStatistics baseline) throws Unresolved {
    if (spec.features == null || spec.features.isEmpty()) {
      return baseline.features();
    }
    List<String> unknown =
        spec.features.stream()
            .filter(n -> baseline.features().stream().noneMatch(f -> f.name().equals(n)))
            .toList();
    if (!unknown.isEmpty()) {
      throw new Unresolved(
          INVALID_SPEC, "spec.features names features the baseline does not have: " + unknown);
    }
    return baseline.features().stream().filter(f -> spec.features.contains(f.name())).toList();
  }

  private DriftMonitorStatusCalculator.RetrainState retrain(
      KubernetesClient client,
      DriftMonitor monitor,
      Evaluation evaluation,
      Served served,
      Instant now) {
    DriftMonitorSpec spec = monitor.getSpec();
    if (spec.retrain == null || !Boolean.TRUE.equals(spec.retrain.enabled)) {
      return null;
    }
    String namespace = monitor.getMetadata().getNamespace();
    List<TrainingJob> jobs =
        client
            .resources(TrainingJob.class)
            .inNamespace(namespace)
            .withLabel(Labels.DRIFT_MONITOR, monitor.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(j -> ownedBy(j, monitor))
            .toList();
    List<RetrainPolicy.Run> runs =
        jobs.stream()
            .map(
                j ->
                    new RetrainPolicy.Run(
                        j.getMetadata().getName(),
                        Instant.parse(j.getMetadata().getCreationTimestamp()),
                        j.getStatus() != null
                            && (j.getStatus().phase == TrainingJobPhase.Succeeded
                                || j.getStatus().phase == TrainingJobPhase.Failed)))
            .toList();
    LastRetrain last = monitor.getStatus() == null ? null : monitor.getStatus().lastRetrain;
    RetrainPolicy.Decision decision;
    try {
      decision =
          RetrainPolicy.decide(
              new RetrainPolicy.Inputs(
                  spec.retrain,
                  now,
                  evaluation instanceof Evaluation.Verdict v && v.drift().drifted(),
                  runs,
                  last == null || last.time == null ? null : Instant.parse(last.time),
                  Instant.parse(monitor.getMetadata().getCreationTimestamp()),
                  served == null
                      ? null
                      : Instant.parse(served.modelVersion().getMetadata().getCreationTimestamp())));
    } catch (IllegalArgumentException e) {
      // A schedule or duration the CRD's pattern let through but cron-utils refuses.
      return new DriftMonitorStatusCalculator.RetrainState(
          last, false, INVALID_SPEC, "retrain settings: " + e.getMessage());
    }
    if (!decision.start()) {
      boolean running = RetrainPolicy.RUNNING.equals(decision.reason());
      return new DriftMonitorStatusCalculator.RetrainState(
          last,
          running,
          running && last != null && last.reason != null ? last.reason : decision.reason(),
          decision.message());
    }
    String name = RetrainPolicy.nextName(monitor.getMetadata().getName(), runs);
    try {
      client.resource(RetrainResources.trainingJob(monitor, name, decision.reason())).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Created by an earlier attempt whose list this one did not see: it runs, nothing to do.
      return new DriftMonitorStatusCalculator.RetrainState(
          last, true, RetrainPolicy.RUNNING, "TrainingJob " + name + " already exists");
    }
    LOG.infof("started retraining TrainingJob %s: %s", name, decision.message());
    metrics.retrainTriggered(namespace, decision.reason());
    new EventRecorder(client, clock)
        .normal(
            monitor,
            RETRAIN_TRIGGERED,
            "started TrainingJob " + name + " because " + decision.message());
    LastRetrain started = new LastRetrain();
    started.trainingJob = name;
    started.time = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    started.reason = decision.reason();
    return new DriftMonitorStatusCalculator.RetrainState(
        started,
        true,
        decision.reason(),
        "started TrainingJob " + name + ": " + decision.message());
  }

  private static boolean ownedBy(TrainingJob job, DriftMonitor monitor) {
    return job.getMetadata().getOwnerReferences() != null
        && job.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Objects.equals(o.getUid(), monitor.getMetadata().getUid()));
  }

  /** Warning when drift starts, Normal when it ends, Warning when the monitor starts failing. */
  private void announce(
      DriftMonitor monitor, DriftMonitorStatus status, Context<DriftMonitor> context) {
    List<Condition> before = monitor.getStatus() == null ? null : monitor.getStatus().conditions;
    boolean wasDrifted = Conditions.isTrue(before, DRIFT_DETECTED);
    boolean isDrifted = Conditions.isTrue(status.conditions, DRIFT_DETECTED);
    EventRecorder events = new EventRecorder(context.getClient(), clock);
    String message =
        Conditions.find(status.conditions, DRIFT_DETECTED).map(Condition::getMessage).orElse("");
    if (isDrifted && !wasDrifted) {
      LOG.infof("drift detected: %s", message);
      events.warning(monitor, DRIFT_DETECTED, message);
    } else if (wasDrifted && !isDrifted) {
      LOG.infof("drift resolved: %s", message);
      events.normal(monitor, DRIFT_RESOLVED, message);
    }
    boolean wasReady = before == null || Conditions.isTrue(before, READY);
    Optional<Condition> ready = Conditions.find(status.conditions, READY);
    if (wasReady && ready.isPresent() && !Conditions.TRUE.equals(ready.get().getStatus())) {
      events.warning(monitor, ready.get().getReason(), ready.get().getMessage());
    }
  }

  /** The interval, or sooner when the retrain schedule fires first. */
  private static Duration nextEvaluation(DriftMonitorSpec spec, Duration interval, Instant now) {
    if (spec.retrain == null
        || !Boolean.TRUE.equals(spec.retrain.enabled)
        || spec.retrain.schedule == null) {
      return interval;
    }
    try {
      return CronSchedule.parse(spec.retrain.schedule)
          .nextAfter(now)
          .map(t -> Duration.between(now, t).plusSeconds(1))
          .filter(d -> d.compareTo(interval) < 0)
          .orElse(interval);
    } catch (IllegalArgumentException e) {
      return interval;
    }
  }
}
