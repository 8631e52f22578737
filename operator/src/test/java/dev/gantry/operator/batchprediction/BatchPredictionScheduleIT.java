package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.batchprediction.BatchInput;
import dev.gantry.api.v1alpha1.batchprediction.BatchOutput;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionPhase;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionStatus;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scheduled BatchPrediction on a real kube-apiserver, the reconciler running in the test JVM. Its
 * runs wait for a ModelVersion that never comes (no Job is created); the test finishes a run by
 * writing its status, as the run's own reconcile would once its Jobs ended.
 */
class BatchPredictionScheduleIT {
  private static final String NS = "batchprediction-schedule-it";
  private static final String PARENT = "every-minute";

  private static KubernetesClient client;
  private static RunningBatchPredictionOperator operator;

  @BeforeAll
  static void start() {
    client = TestApiServer.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    operator = RunningBatchPredictionOperator.start(client, NS);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aScheduleRunsTheNextFiringOnceAcrossARestartAndPrunesItsHistory() {
    // Suspended first, so that the earlier runs below are finished before any firing counts.
    BatchPrediction parent = client.resource(scheduled(PARENT)).create();
    awaitParent(p -> p.getStatus().phase == BatchPredictionPhase.Suspended);

    // Runs of earlier firings, as an earlier operator left them: keep 1 succeeded and 1 failed.
    Instant created = Instant.parse(parent.getMetadata().getCreationTimestamp());
    Instant tenAgo = created.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    String s1 = earlierRun(parent, tenAgo, BatchPredictionPhase.Succeeded);
    String f1 = earlierRun(parent, tenAgo.plusSeconds(60), BatchPredictionPhase.Failed);
    String s2 = earlierRun(parent, tenAgo.plusSeconds(120), BatchPredictionPhase.Succeeded);
    String f2 = earlierRun(parent, tenAgo.plusSeconds(180), BatchPredictionPhase.Failed);
    awaitRuns(List.of(s2, f2));
    assertThat(runNames()).doesNotContain(s1, f1);

    // Resumed: the next minute's firing creates exactly one run, under its own output folder.
    Instant resumed = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    edit(p -> p.getSpec().suspend = false);
    BatchPrediction scheduled =
        awaitParent(
            p ->
                p.getStatus().phase == BatchPredictionPhase.Scheduled
                    && p.getStatus().nextScheduleTime != null);
    Instant firing = Instant.parse(scheduled.getStatus().nextScheduleTime);
    // The minute after the resume (or the one after, when the resume was seen past the minute).
    assertThat(firing).isIn(resumed.plusSeconds(60), resumed.plusSeconds(120));
    String run = ScheduledRuns.runName(PARENT, firing);
    awaitRuns(List.of(s2, f2, run), Duration.ofSeconds(75));
    BatchPrediction child = get(run);
    assertThat(child.getSpec().output.uri)
        .isEqualTo("pvc://scores/every-minute/" + ScheduledRuns.stamp(firing));
    assertThat(child.getSpec().schedule).isNull();
    assertThat(child.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(parent.getMetadata().getUid());
    BatchPrediction afterFiring = awaitParent(p -> List.of(run).equals(p.getStatus().active));
    assertThat(afterFiring.getStatus().lastScheduleTime).isEqualTo(firing.toString());
    assertThat(afterFiring.getStatus().lastRun).isEqualTo(run);
    assertThat(events()).anyMatch(e -> e.startsWith("Normal RunCreated: created run " + run));

    // A restart after the run's creation but before its status was written creates no second run
    // (while the run is active, a later firing is skipped under Forbid).
    operator.close();
    BatchPrediction stale = get(PARENT);
    stale.getStatus().lastScheduleTime = null;
    stale.getStatus().active = null;
    stale.getStatus().lastRun = null;
    stale.getStatus().lastRunPhase = null;
    stale.getStatus().nextScheduleTime = firing.toString();
    client.resource(stale).updateStatus();
    operator = RunningBatchPredictionOperator.start(client, NS);
    awaitParent(p -> firing.toString().equals(p.getStatus().lastScheduleTime));
    assertThat(runNames()).containsExactlyInAnyOrder(s2, f2, run);

    // Suspended again, then the run succeeds: it replaces s2 as the one succeeded run kept.
    edit(p -> p.getSpec().suspend = true);
    awaitParent(p -> p.getStatus().phase == BatchPredictionPhase.Suspended);
    finish(run, BatchPredictionPhase.Succeeded);
    awaitRuns(List.of(f2, run));
    BatchPrediction done =
        awaitParent(
            p -> run.equals(p.getStatus().lastSuccessfulRun) && p.getStatus().active == null);
    assertThat(done.getStatus().lastRunPhase).isEqualTo(BatchPredictionPhase.Succeeded);

    // Nothing more to do: no write follows.
    String version = get(PARENT).getMetadata().getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> version.equals(get(PARENT).getMetadata().getResourceVersion()));
  }

  @Test
  void aCronTheSchemaLetsThroughButNoCronAcceptsFailsInStatusUntilItIsFixed() {
    BatchPrediction bad = scheduled("bad-cron");
    bad.getSpec().schedule = "61 * * * *";
    bad.getSpec().suspend = null;
    client.resource(bad).create();
    var invalid =
        awaitStatus(
            "bad-cron", s -> s.phase == BatchPredictionPhase.Failed && s.conditions != null);
    assertThat(invalid.conditions.get(0).getReason()).isEqualTo("InvalidSchedule");
    assertThat(invalid.conditions.get(0).getMessage())
        .startsWith("spec.schedule \"61 * * * *\" is not a valid cron expression");
    assertThat(invalid.nextScheduleTime).isNull();

    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(KubernetesClientException.class)
        .untilAsserted(
            () -> {
              BatchPrediction current = get("bad-cron");
              current.getSpec().schedule = "0 3 * * *";
              client.resource(current).update();
            });
    var fixed = awaitStatus("bad-cron", s -> s.phase == BatchPredictionPhase.Scheduled);
    assertThat(fixed.conditions.get(0).getReason()).isEqualTo("WaitingForFiring");
    assertThat(Instant.parse(fixed.nextScheduleTime)).isAfter(Instant.now());
    assertThat(fixed.observedGeneration).isEqualTo(2L);
  }

  private static BatchPredictionStatus awaitStatus(
      String name, Predicate<BatchPredictionStatus> condition) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s", name)
                    .matches(s -> s != null && condition.test(s)));
    return get(name).getStatus();
  }

  private static BatchPrediction scheduled(String name) {
    BatchPrediction bp = new BatchPrediction();
    bp.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    BatchPredictionSpec spec = new BatchPredictionSpec();
    spec.schedule = "* * * * *";
    spec.suspend = true;
    spec.successfulRunsHistoryLimit = 1;
    spec.failedRunsHistoryLimit = 1;
    spec.modelVersion = "fraud-404";
    BatchInput input = new BatchInput();
    input.uri = "pvc://datasets/accounts.csv";
    spec.inputs = List.of(input);
    spec.output = new BatchOutput();
    spec.output.uri = "pvc://scores/" + name;
    bp.setSpec(spec);
    return bp;
  }

  /** A run of an earlier firing that ended with {@code phase}. */
  private static String earlierRun(
      BatchPrediction parent, Instant firing, BatchPredictionPhase phase) {
    BatchPrediction run = client.resource(ScheduledRuns.run(parent, firing)).create();
    finish(run.getMetadata().getName(), phase);
    return run.getMetadata().getName();
  }

  /** Plays the run's end once its own reconcile has written its first status (Pending). */
  private static void finish(String name, BatchPredictionPhase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreException(KubernetesClientException.class)
        .untilAsserted(
            () -> {
              BatchPrediction run = get(name);
              assertThat(run.getStatus()).as("status of %s", name).isNotNull();
              assertThat(run.getStatus().phase).isEqualTo(BatchPredictionPhase.Pending);
              run.getStatus().phase = phase;
              run.getStatus().observedGeneration = run.getMetadata().getGeneration();
              run.getStatus().completionTime =
                  Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
              client.resource(run).updateStatus();
            });
  }

  private static void edit(java.util.function.Consumer<BatchPrediction> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreException(KubernetesClientException.class)
        .untilAsserted(
            () -> {
              BatchPrediction current = get(PARENT);
              change.accept(current);
              client.resource(current).update();
            });
  }

  private static BatchPrediction get(String name) {
    return client.resources(BatchPrediction.class).inNamespace(NS).withName(name).get();
  }

  private static List<String> runNames() {
    return client
        .resources(BatchPrediction.class)
        .inNamespace(NS)
        .withLabel(Labels.BATCH_SCHEDULE, PARENT)
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  private static void awaitRuns(List<String> expected) {
    awaitRuns(expected, Duration.ofSeconds(20));
  }

  private static void awaitRuns(List<String> expected, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(runNames())
                    .as("runs of %s; its status %s", PARENT, statusOf())
                    .containsExactlyInAnyOrderElementsOf(expected));
  }

  private static BatchPrediction awaitParent(Predicate<BatchPrediction> condition) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(get(PARENT))
                    .as("%s: %s; events %s", PARENT, statusOf(), events())
                    .matches(p -> p.getStatus() != null && condition.test(p)));
    return get(PARENT);
  }

  private static String statusOf() {
    BatchPrediction p = get(PARENT);
    BatchPredictionStatus s = p == null ? null : p.getStatus();
    return client.getKubernetesSerialization().asJson(s);
  }

  private static List<String> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> PARENT.equals(e.getInvolvedObject().getName()))
        .map((Event e) -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }
}
