package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobs.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.operator.common.Conditions;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler on a real kube-apiserver. No Job controller runs there, so the tests play the Job
 * controller's and kubelet's part by writing Job and pod status.
 */
class TrainingJobReconcilerIT {
  private static final String NS = "trainingjob-reconciler-it";
  private static final String RESULT =
      """
      {"artifactUri":"pvc://models/fraud/%s/model.onnx",\
      "sha256":"5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4",\
      "metrics":{"auc":0.9787,"accuracy":0.954},\
      "baselineUri":"pvc://models/fraud/%s/baseline.json","modelFormat":"onnx"}""";
  private static final String IMAGE_ID =
      "docker-pullable://registry.example.com/team/trainer@sha256:"
          + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private static KubernetesClient client;
  private static RunningOperator operator;

  @BeforeAll
  static void startOperator() {
    client = TestApiServer.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    // No controller manager here creates the default ServiceAccount that pods need.
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .serverSideApply();
    operator = RunningOperator.start(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  private static TrainingJob create(TrainingJob trainingJob) {
    trainingJob.getMetadata().setNamespace(NS);
    trainingJob.getMetadata().setUid(null);
    trainingJob.getMetadata().setGeneration(null);
    return client.resource(trainingJob).create();
  }

  private static TrainingJob get(String name) {
    return client.resources(TrainingJob.class).inNamespace(NS).withName(name).get();
  }

  private static List<Job> jobsOf(String name) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel("gantry.dev/trainingjob", name)
        .list()
        .getItems();
  }

  private static Job awaitJob(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(name).size() == 1);
    return jobsOf(name).get(0);
  }

  private static TrainingJob awaitPhase(String name, TrainingJobPhase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .failFast(() -> operator == null)
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of " + name + ", events: " + eventsOf(name))
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  private static List<String> eventsOf(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  /** Plays kubelet: rank 0's pod ran and wrote the given termination message. */
  private static void rankZeroSucceeded(Job job, String terminationMessage) {
    String name = job.getMetadata().getName();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name + "-0")
            .withNamespace(NS)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToAnnotations("batch.kubernetes.io/job-completion-index", "0")
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    client.resource(pod).create();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .pods()
        .inNamespace(NS)
        .withName(name + "-0")
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withNewStatus()
                    .withPhase("Succeeded")
                    .withStartTime(now)
                    .addNewContainerStatus()
                    .withName("trainer")
                    .withImage(
                        job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .withImageID(IMAGE_ID)
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(0)
                    .withReason("Completed")
                    .withMessage(terminationMessage)
                    .withStartedAt(now)
                    .withFinishedAt(now)
                    .endTerminated()
                    .endState()
                    .endContainerStatus()
                    .endStatus()
                    .build());
  }

  /** Plays the Job controller: every index succeeded. */
  private static void jobCompleted(Job job) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(job.getMetadata().getName())
        .editStatus(
            j -> {
              j.getStatus().setStartTime(now);
              j.getStatus().setCompletionTime(now);
              j.getStatus().setSucceeded(job.getSpec().getCompletions());
              j.getStatus().setCompletedIndexes(job.getSpec().getCompletions() == 1 ? "0" : "0-1");
              j.getStatus()
                  .setConditions(
                      List.of(
                          new JobConditionBuilder()
                              .withType("SuccessCriteriaMet")
                              .withStatus("True")
                              .withReason("CompletionsReached")
                              .withLastTransitionTime(now)
                              .build(),
                          new JobConditionBuilder()
                              .withType("Complete")
                              .withStatus("True")
                              .withReason("CompletionsReached")
                              .withLastTransitionTime(now)
                              .build()));
              return j;
            });
  }

  @Test
  void childrenAreCreatedOnceWithOwnerAndStatusReportsThemPending() {
    create(trainingJob("two-replicas", 2));

    Job job = awaitJob("two-replicas");
    TrainingJob stored = awaitPhase("two-replicas", TrainingJobPhase.Pending);

    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(stored.getMetadata().getUid()));
    assertThat(client.services().inNamespace(NS).withName("two-replicas").get()).isNotNull();
    assertThat(Conditions.find(stored.getStatus().conditions, "Ready").orElseThrow().getReason())
        .isEqualTo("PodsStarting");
    assertThat(stored.getStatus().observedGeneration).isEqualTo(1L);
  }

  @Test
  void secondReconcileAndRestartChangeNothingAndCreateNoDuplicates() {
    create(trainingJob("restarted", 2));
    Job job = awaitJob("restarted");
    awaitPhase("restarted", TrainingJobPhase.Pending);
    String jobVersion = job.getMetadata().getResourceVersion();
    String serviceVersion =
        client
            .services()
            .inNamespace(NS)
            .withName("restarted")
            .get()
            .getMetadata()
            .getResourceVersion();
    String trainingJobVersion = get("restarted").getMetadata().getResourceVersion();
    // The first round has settled: another second brings no write.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> get("restarted").getMetadata().getResourceVersion().equals(trainingJobVersion));

    operator.close();
    operator = RunningOperator.start(client, NS);
    await().atMost(Duration.ofSeconds(30)).until(() -> operator.reconciles() >= 1);
    // Whatever the restarted operator would write, it writes within a reconcile or two.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> jobsOf("restarted").size() == 1);

    assertThat(jobsOf("restarted"))
        .singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getResourceVersion()).isEqualTo(jobVersion));
    assertThat(
            client
                .services()
                .inNamespace(NS)
                .withLabel("gantry.dev/trainingjob", "restarted")
                .list()
                .getItems())
        .singleElement()
        .satisfies(s -> assertThat(s.getMetadata().getResourceVersion()).isEqualTo(serviceVersion));
    assertThat(get("restarted").getMetadata().getResourceVersion())
        .as("the status was not rewritten")
        .isEqualTo(trainingJobVersion);
  }

  @Test
  void singleReplicaJobGetsNoService() {
    create(trainingJob("single", 1));
    awaitJob("single");
    awaitPhase("single", TrainingJobPhase.Pending);

    assertThat(client.services().inNamespace(NS).withName("single").get()).isNull();
  }

  @Test
  void suspendAndResumeFollowTheSpec() {
    create(trainingJob("suspender", 1));
    awaitJob("suspender");

    client
        .resources(TrainingJob.class)
        .inNamespace(NS)
        .withName("suspender")
        .edit(
            t -> {
              t.getSpec().suspend = true;
              return t;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobsOf("suspender").get(0).getSpec().getSuspend());
    awaitPhase("suspender", TrainingJobPhase.Suspended);

    client
        .resources(TrainingJob.class)
        .inNamespace(NS)
        .withName("suspender")
        .edit(
            t -> {
              t.getSpec().suspend = false;
              return t;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !jobsOf("suspender").get(0).getSpec().getSuspend());
    awaitPhase("suspender", TrainingJobPhase.Pending);
    assertThat(eventsOf("suspender")).anyMatch(e -> e.startsWith("Normal Suspended"));
  }

  @Test
  void succeededJobRegistersItsModelVersionWithProvenance() {
    create(trainingJob("registers", 1));
    Job job = awaitJob("registers");

    rankZeroSucceeded(job, RESULT.formatted("registers", "registers"));
    jobCompleted(job);

    TrainingJob done = awaitPhase("registers", TrainingJobPhase.Succeeded);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("registers").getStatus().modelVersion != null);
    done = get("registers");
    assertThat(Conditions.isTrue(done.getStatus().conditions, "ModelRegistered")).isTrue();
    ModelVersion mv =
        client
            .resources(ModelVersion.class)
            .inNamespace(NS)
            .withName(done.getStatus().modelVersion)
            .get();
    assertThat(mv.getMetadata().getName()).matches("fraud-[0-9]+");
    assertThat(mv.getMetadata().getOwnerReferences()).as("the model outlives the job").isEmpty();
    assertThat(mv.getSpec().storageUri).isEqualTo("pvc://models/fraud/registers/model.onnx");
    assertThat(mv.getSpec().metrics)
        .containsEntry("auc", "0.9787")
        .containsEntry("accuracy", "0.954");
    assertThat(mv.getSpec().baseline.storageUri)
        .isEqualTo("pvc://models/fraud/registers/baseline.json");
    assertThat(mv.getSpec().source.trainingJob).isEqualTo("registers");
    assertThat(mv.getSpec().source.image)
        .isEqualTo("registry.example.com/team/trainer@sha256:" + "a".repeat(64));
    assertThat(mv.getSpec().source.datasetUri).isEqualTo("pvc://datasets/fraud/2026-11.csv");
    assertThat(mv.getSpec().source.hyperparameters).containsEntry("epochs", "20");
    assertThat(eventsOf("registers")).anyMatch(e -> e.startsWith("Normal ModelRegistered"));
  }

  @Test
  void eachRegistrationTakesTheNextFreeVersionNumber() {
    create(trainingJob("first-of-two", 1));
    create(trainingJob("second-of-two", 1));
    for (String name : List.of("first-of-two", "second-of-two")) {
      Job job = awaitJob(name);
      rankZeroSucceeded(job, RESULT.formatted(name, name));
      jobCompleted(job);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(name).getStatus() != null && get(name).getStatus().modelVersion != null);
    }

    String first = get("first-of-two").getStatus().modelVersion;
    String second = get("second-of-two").getStatus().modelVersion;
    int firstNumber = Integer.parseInt(first.substring("fraud-".length()));
    assertThat(second).isEqualTo("fraud-" + (firstNumber + 1));
  }

  @Test
  void malformedResultLeavesTheJobSucceededWithModelRegisteredFalse() {
    create(trainingJob("malformed", 1));
    Job job = awaitJob("malformed");

    rankZeroSucceeded(job, "training done!");
    jobCompleted(job);

    awaitPhase("malformed", TrainingJobPhase.Succeeded);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(get("malformed").getStatus().conditions, "ModelRegistered"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("ResultNotJson");
                        }));
    assertThat(get("malformed").getStatus().modelVersion).isNull();
    assertThat(
            client
                .resources(ModelVersion.class)
                .inNamespace(NS)
                .withLabel("gantry.dev/trainingjob", "malformed")
                .list()
                .getItems())
        .isEmpty();
    assertThat(eventsOf("malformed")).anyMatch(e -> e.startsWith("Warning ResultNotJson"));
  }

  @Test
  void nameTooLongForPodHostnamesFailsWithoutAJob() {
    String name = "a".repeat(TrainingJobValidator.MAX_NAME_LENGTH + 1);
    create(trainingJob(name, 1));

    TrainingJob failed = awaitPhase(name, TrainingJobPhase.Failed);

    assertThat(Conditions.find(failed.getStatus().conditions, "Failed").orElseThrow().getReason())
        .isEqualTo("InvalidSpec");
    assertThat(jobsOf(name)).isEmpty();
    assertThat(eventsOf(name)).anyMatch(e -> e.startsWith("Warning InvalidSpec"));
  }

  @Test
  void specTheApiServerRejectsFailsWithItsMessageInsteadOfRetrying() {
    TrainingJob trainingJob = trainingJob("bad-overlay", 1);
    trainingJob.getSpec().podTemplate = new dev.gantry.api.v1alpha1.common.PodTemplateOverlay();
    trainingJob.getSpec().podTemplate.nodeSelector = java.util.Map.of("bad key!", "x");
    create(trainingJob);

    TrainingJob failed = awaitPhase("bad-overlay", TrainingJobPhase.Failed);

    assertThat(Conditions.find(failed.getStatus().conditions, "Failed").orElseThrow().getMessage())
        .contains("nodeSelector");
  }

  @Test
  void jobNameTakenByAForeignJobIsReportedInStatusNotRetriedLoudly() {
    Job foreign = TrainingJobResources.job(trainingJob("taken", 1), TrainingJobs.settings());
    foreign.getMetadata().setNamespace(NS);
    foreign.getMetadata().setLabels(java.util.Map.of("team", "other"));
    foreign.getMetadata().setOwnerReferences(List.of());
    foreign.getSpec().getTemplate().getMetadata().setLabels(java.util.Map.of("team", "other"));
    client.resource(foreign).create();

    create(trainingJob("taken", 1));
    TrainingJob failed = awaitPhase("taken", TrainingJobPhase.Failed);

    assertThat(Conditions.find(failed.getStatus().conditions, "Failed").orElseThrow().getReason())
        .isEqualTo("NameTaken");
    assertThat(Conditions.find(failed.getStatus().conditions, "Failed").orElseThrow().getMessage())
        .contains("a Job named taken already exists");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("taken")
                .get()
                .getMetadata()
                .getLabels())
        .as("the foreign Job is left alone")
        .containsEntry("team", "other");
  }
}
