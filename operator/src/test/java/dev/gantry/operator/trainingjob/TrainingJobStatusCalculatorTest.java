package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobs.settings;
import static dev.gantry.operator.trainingjob.TrainingJobs.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.StatusComparison;
import dev.gantry.operator.idle.IdleReclaimMarks;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingJobStatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");
  private static final String UNSCHEDULABLE_MESSAGE =
      "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.";

  private static TrainingJobStatus calculate(
      TrainingJob trainingJob, Job job, List<Pod> pods, Instant now) {
    return TrainingJobStatusCalculator.calculate(
        trainingJob,
        new ObservedChildren(Optional.ofNullable(job), pods),
        Optional.empty(),
        "nvidia.com/gpu",
        now);
  }

  private static Job job(TrainingJob trainingJob) {
    return TrainingJobResources.job(trainingJob, settings());
  }

  private static Job withCondition(Job job, String type, String reason, String message) {
    return new JobBuilder(job)
        .withNewStatus()
        .withActive(0)
        .withFailed("Failed".equals(type) ? 3 : 0)
        .withSucceeded("Complete".equals(type) ? 2 : 0)
        .withStartTime("2026-11-22T09:00:00Z")
        .withCompletionTime("Complete".equals(type) ? "2026-11-22T09:30:00Z" : null)
        .withConditions(
            new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime("2026-11-22T09:30:00Z")
                .build())
        .endStatus()
        .build();
  }

  private static Pod pod(int index, String phase, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("fraud-train-" + index)
        .endMetadata()
        .withSpec(job(trainingJob("fraud-train", 2)).getSpec().getTemplate().getSpec())
        .editSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withStartTime(node == null ? null : "2026-11-22T09:0" + index + ":00Z")
        .endStatus()
        .build();
  }

  private static Pod unschedulablePod(int index) {
    return new PodBuilder(pod(index, "Pending", null))
        .editStatus()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(UNSCHEDULABLE_MESSAGE)
        .endCondition()
        .endStatus()
        .build();
  }

  private static Condition condition(TrainingJobStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  @Test
  void jobNotYetCreatedIsPending() {
    TrainingJobStatus status = calculate(trainingJob("fraud-train", 2), null, List.of(), T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Pending);
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("JobCreating");
    assertThat(status.observedGeneration).isEqualTo(1L);
  }

  @Test
  void everyConditionTypeIsReportedWithTheGeneration() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);
    trainingJob.getMetadata().setGeneration(3L);

    TrainingJobStatus status = calculate(trainingJob, null, List.of(), T0);

    assertThat(status.conditions)
        .extracting(Condition::getType)
        .containsExactly("Ready", "Running", "Suspended", "Complete", "Failed");
    assertThat(status.conditions)
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
  }

  @Test
  void podsWaitingForGpusArePendingUnschedulableWithTheSchedulersMessage() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            job(trainingJob),
            List.of(pod(0, "Running", "gpu-node-0"), unschedulablePod(1)),
            T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Pending);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Unschedulable");
    assertThat(condition(status, "Ready").getMessage()).isEqualTo(UNSCHEDULABLE_MESSAGE);
    assertThat(status.gpu.allocated).as("the scheduled pod holds its GPU").isEqualTo(1);
  }

  @Test
  void runningPodsMakeTheJobRunningAndReady() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            job(trainingJob),
            List.of(pod(0, "Running", "gpu-node-0"), pod(1, "Running", "gpu-node-1")),
            T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Running);
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Running").getStatus()).isEqualTo("True");
    assertThat(status.gpu.allocated).isEqualTo(2);
    assertThat(status.startTime).isEqualTo("2026-11-22T09:00:00Z");
  }

  @Test
  void gpusAreCountedUnderTheConfiguredResourceName() {
    assertThat(
            TrainingJobStatusCalculator.allocatedGpus(
                List.of(pod(0, "Running", "gpu-node-0")), "amd.com/gpu"))
        .isZero();
    assertThat(
            TrainingJobStatusCalculator.allocatedGpus(
                List.of(pod(0, "Running", "gpu-node-0"), pod(1, "Succeeded", "gpu-node-1")),
                "nvidia.com/gpu"))
        .as("finished pods hold no GPUs")
        .isEqualTo(1);
  }

  @Test
  void completedJobSucceedsWithItsCompletionTime() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            withCondition(job(trainingJob), "Complete", "CompletionsReached", "done"),
            List.of(),
            T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Succeeded);
    assertThat(condition(status, "Complete").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(status.completionTime).isEqualTo("2026-11-22T09:30:00Z");
    assertThat(status.replicas.succeeded).isEqualTo(2);
    assertThat(status.gpu.allocated).isZero();
  }

  @Test
  void exhaustedRetriesFailWithBackoffLimitExceeded() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            withCondition(
                job(trainingJob),
                "Failed",
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"),
            List.of(),
            T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Failed);
    assertThat(condition(status, "Failed").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition(status, "Failed").getMessage())
        .isEqualTo("Job has reached the specified backoff limit");
    assertThat(status.completionTime).isEqualTo("2026-11-22T09:30:00Z");
  }

  @Test
  void anOomKilledTrainerFailsWithOomKilledAndTheContainer() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    Job failed =
        withCondition(
            job(trainingJob),
            "Failed",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit");

    TrainingJobStatus status =
        calculate(
            trainingJob,
            failed,
            List.of(
                terminatedPod("fraud-train-0-a", 1, null, "2026-11-22T09:20:00Z", null),
                terminatedPod("fraud-train-0-b", 137, "OOMKilled", "2026-11-22T09:29:00Z", null)),
            T0);

    assertThat(condition(status, "Failed").getReason()).isEqualTo("OOMKilled");
    assertThat(condition(status, "Failed").getMessage())
        .isEqualTo(
            "Job has reached the specified backoff limit; last failure: pod fraud-train-0-b:"
                + " container trainer was OOMKilled (exit code 137)");
  }

  @Test
  void aNonZeroExitSaysTheCodeAndTheTerminationMessage() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            withCondition(job(trainingJob), "Failed", "PodFailurePolicy", "exit code 2"),
            List.of(
                terminatedPod(
                    "fraud-train-0-a",
                    2,
                    "Error",
                    "2026-11-22T09:20:00Z",
                    "{\"error\": \"label column is_fraud\n not found\"}")),
            T0);

    assertThat(condition(status, "Failed").getReason()).isEqualTo("BadInput");
    assertThat(condition(status, "Failed").getMessage())
        .endsWith(
            "last failure: pod fraud-train-0-a: container trainer exited with code 2 (Error):"
                + " {\"error\": \"label column is_fraud not found\"}");
  }

  private static Pod terminatedPod(
      String name, int exitCode, String reason, String finishedAt, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withPhase("Failed")
        .addNewContainerStatus()
        .withName("trainer")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withFinishedAt(finishedAt)
        .withMessage(message)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void expiredDeadlineFailsWithDeadlineExceeded() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            withCondition(job(trainingJob), "Failed", "DeadlineExceeded", "too slow"),
            List.of(),
            T0);

    assertThat(condition(status, "Failed").getReason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void badInputExitCodeFailsWithBadInput() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);

    TrainingJobStatus status =
        calculate(
            trainingJob,
            withCondition(job(trainingJob), "Failed", "PodFailurePolicy", "exit code 2"),
            List.of(),
            T0);

    assertThat(condition(status, "Failed").getReason()).isEqualTo("BadInput");
  }

  @Test
  void suspendedJobIsSuspended() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().suspend = true;

    TrainingJobStatus status = calculate(trainingJob, job(trainingJob), List.of(), T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Suspended);
    assertThat(condition(status, "Suspended").getStatus()).isEqualTo("True");
  }

  @Test
  void jobSuspendedByAQueueIsPendingAdmission() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    Job job = job(trainingJob);
    job.getSpec().setSuspend(true);

    TrainingJobStatus status = calculate(trainingJob, job, List.of(), T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Pending);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("WaitingForAdmission");
  }

  @Test
  void lastTransitionTimeIsKeptUntilTheStatusFlips() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);
    trainingJob.setStatus(calculate(trainingJob, null, List.of(), T0));
    Job job = job(trainingJob);

    TrainingJobStatus starting = calculate(trainingJob, job, List.of(), T1);
    assertThat(condition(starting, "Ready").getLastTransitionTime())
        .as("still False, only the reason changed")
        .isEqualTo("2026-11-22T10:00:00Z");
    assertThat(condition(starting, "Ready").getReason()).isEqualTo("PodsStarting");

    trainingJob.setStatus(starting);
    TrainingJobStatus running =
        calculate(
            trainingJob,
            job,
            List.of(pod(0, "Running", "gpu-node-0"), pod(1, "Running", "gpu-node-1")),
            T1);
    assertThat(condition(running, "Ready").getLastTransitionTime())
        .isEqualTo("2026-11-22T10:05:00Z");
    assertThat(condition(running, "Failed").getLastTransitionTime())
        .isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void sameObservationsGiveTheSameStatus() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);
    Job job = job(trainingJob);
    List<Pod> pods = List.of(pod(0, "Running", "gpu-node-0"), pod(1, "Running", "gpu-node-1"));
    trainingJob.setStatus(calculate(trainingJob, job, pods, T0));

    TrainingJobStatus again = calculate(trainingJob, job, pods, T1);

    assertThat(StatusComparison.same(trainingJob.getStatus(), again)).isTrue();
  }

  @Test
  void registrationOutcomeIsReportedAndThenKept() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    Job done = withCondition(job(trainingJob), "Complete", "CompletionsReached", "done");
    TrainingJobStatus registered =
        TrainingJobStatusCalculator.calculate(
            trainingJob,
            new ObservedChildren(Optional.of(done), List.of()),
            Optional.of(ModelRegistration.registered("fraud-7")),
            "nvidia.com/gpu",
            T0);
    assertThat(registered.modelVersion).isEqualTo("fraud-7");
    assertThat(condition(registered, "ModelRegistered").getStatus()).isEqualTo("True");

    trainingJob.setStatus(registered);
    TrainingJobStatus later = calculate(trainingJob, done, List.of(), T1);
    assertThat(later.modelVersion).isEqualTo("fraud-7");
    assertThat(condition(later, "ModelRegistered").getLastTransitionTime())
        .isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void failedRegistrationIsAFalseConditionWithTheReason() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    Job done = withCondition(job(trainingJob), "Complete", "CompletionsReached", "done");

    TrainingJobStatus status =
        TrainingJobStatusCalculator.calculate(
            trainingJob,
            new ObservedChildren(Optional.of(done), List.of()),
            Optional.of(ModelRegistration.failed("ResultNotJson", "not JSON")),
            "nvidia.com/gpu",
            T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Succeeded);
    assertThat(status.modelVersion).isNull();
    assertThat(condition(status, "ModelRegistered").getStatus()).isEqualTo("False");
    assertThat(condition(status, "ModelRegistered").getReason()).isEqualTo("ResultNotJson");
  }

  @Test
  void invalidSpecFailsWithTheReason() {
    TrainingJobStatus status =
        TrainingJobStatusCalculator.invalid(
            trainingJob("fraud-train", 1), "InvalidSpec", "name too long", T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Failed);
    assertThat(condition(status, "Failed").getReason()).isEqualTo("InvalidSpec");
  }

  private static Job reclaimed(Job job, String forWork, String message) {
    return new JobBuilder(job)
        .editMetadata()
        .addToAnnotations(IdleReclaimMarks.RECLAIMED_FOR, forWork)
        .addToAnnotations(IdleReclaimMarks.RECLAIMED_MESSAGE, message)
        .endMetadata()
        .editSpec()
        .withSuspend(true)
        .endSpec()
        .build();
  }

  @Test
  void aJobSuspendedByAnIdleReclaimIsSuspendedWithReasonIdleReclaimedAndSaysForWhom() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);
    String message = "GPU utilization 0% for 31m; suspended to free 2 GPUs for team-b/big-train";

    TrainingJobStatus status =
        calculate(
            trainingJob, reclaimed(job(trainingJob), "team-b/big-train", message), List.of(), T0);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Suspended);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("IdleReclaimed");
    assertThat(condition(status, "Suspended").getMessage()).isEqualTo(message);
    assertThat(condition(status, "Reclaimed").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Reclaimed").getMessage()).isEqualTo(message);
    assertThat(status.reclaimedFor).isEqualTo("team-b/big-train");
  }

  @Test
  void onceTheReclaimMarkIsGoneReclaimedTurnsFalseAndTheReclaimersFieldsAreKeptWhileRunning() {
    TrainingJob trainingJob = trainingJob("fraud-train", 2);
    trainingJob.setStatus(
        calculate(
            trainingJob, reclaimed(job(trainingJob), "team-b/big-train", "m"), List.of(), T0));
    trainingJob.getStatus().gpu.gpuSeconds = 7200L;
    trainingJob.getStatus().gpu.idleSeconds = 60L;
    trainingJob.getStatus().gpu.utilizationPercent = 1;
    trainingJob
        .getStatus()
        .conditions
        .add(
            dev.gantry.operator.common.Conditions.of(
                null, "IdleDetected", false, "GpusActive", "GPU utilization 1%", 1L, T0));

    TrainingJobStatus status =
        calculate(
            trainingJob,
            job(trainingJob),
            List.of(pod(0, "Running", "gpu-node-0"), pod(1, "Running", "gpu-node-1")),
            T1);

    assertThat(status.phase).isEqualTo(TrainingJobPhase.Running);
    assertThat(condition(status, "Reclaimed").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Reclaimed").getReason()).isEqualTo("Resumed");
    assertThat(condition(status, "IdleDetected").getReason()).isEqualTo("GpusActive");
    assertThat(status.reclaimedFor)
        .as("history: who got the GPUs last time")
        .isEqualTo("team-b/big-train");
    assertThat(status.gpu.gpuSeconds).isEqualTo(7200L);
    assertThat(status.gpu.idleSeconds).isEqualTo(60L);
    assertThat(status.gpu.utilizationPercent).isEqualTo(1);
  }
}
