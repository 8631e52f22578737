package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.trainingjob.TrainingJobs.settings;
import static dev.gantry.operator.trainingjob.TrainingJobs.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingJobResourcesTest {

  private static Job job(TrainingJob trainingJob) {
    return TrainingJobResources.job(trainingJob, settings());
  }

  private static Container trainer(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Optional<EnvVar> env(Job job, String name) {
    return trainer(job).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  private static String envValue(Job job, String name) {
    return env(job, name).orElseThrow(() -> new AssertionError("no env " + name)).getValue();
  }

  @Test
  void jobIsIndexedWithOnePodPerReplica() {
    Job job = job(trainingJob("fraud-train", 2));

    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(2);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void jobIsOwnedByTheTrainingJobAndLabelledWithIt() {
    Job job = job(trainingJob("fraud-train", 1));

    assertThat(job.getMetadata().getName()).isEqualTo("fraud-train");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("TrainingJob");
              assertThat(owner.getUid()).isEqualTo("uid-fraud-train");
              assertThat(owner.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry("gantry.dev/trainingjob", "fraud-train");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("gantry.dev/trainingjob", "fraud-train");
  }

  @Test
  void jobCopiesTheKueueQueueLabel() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getMetadata().setLabels(Map.of("kueue.x-k8s.io/queue-name", "team-a"));

    assertThat(job(trainingJob).getMetadata().getLabels())
        .containsEntry("kueue.x-k8s.io/queue-name", "team-a");
    assertThat(job(trainingJob("other", 1)).getMetadata().getLabels())
        .doesNotContainKey("kueue.x-k8s.io/queue-name");
  }

  @Test
  void jobMapsRetriesDeadlinesTtlAndSuspend() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().backoffLimit = 2;
    trainingJob.getSpec().activeDeadlineSeconds = 86400L;
    trainingJob.getSpec().ttlSecondsAfterFinished = 3600;
    trainingJob.getSpec().suspend = true;

    Job job = job(trainingJob);

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(86400L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getSuspend()).isTrue();
  }

  @Test
  void badInputExitCodeFailsTheJobWithoutRetries() {
    var rules = job(trainingJob("fraud-train", 1)).getSpec().getPodFailurePolicy().getRules();

    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo("trainer");
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(2);
  }

  @Test
  void jobRequestsGpusPerReplica() {
    Container trainer = trainer(job(trainingJob("fraud-train", 2)));

    assertThat(trainer.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"))
        .containsEntry("cpu", new Quantity("4"));
  }

  @Test
  void containerRunsTheSpecImageCommandAndArgs() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().command = List.of("python", "train.py");
    trainingJob.getSpec().args = List.of("--fast");

    Container trainer = trainer(job(trainingJob));

    assertThat(trainer.getName()).isEqualTo("trainer");
    assertThat(trainer.getImage()).isEqualTo("registry.example.com/team/trainer:1.4");
    assertThat(trainer.getCommand()).containsExactly("python", "train.py");
    assertThat(trainer.getArgs()).containsExactly("--fast");
    assertThat(trainer.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
  }

  @Test
  void rankComesFromTheCompletionIndexAnnotation() {
    Job job = job(trainingJob("fraud-train", 2));

    for (String name : List.of("RANK", "PET_NODE_RANK")) {
      assertThat(env(job, name).orElseThrow().getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }
  }

  @Test
  void multiReplicaJobsRendezvousAtPodZeroOfTheHeadlessService() {
    Job job = job(trainingJob("fraud-train", 2));

    assertThat(envValue(job, "MASTER_ADDR")).isEqualTo("fraud-train-0.fraud-train");
    assertThat(envValue(job, "PET_MASTER_ADDR")).isEqualTo("fraud-train-0.fraud-train");
    assertThat(envValue(job, "MASTER_PORT")).isEqualTo("29500");
    assertThat(envValue(job, "PET_MASTER_PORT")).isEqualTo("29500");
    assertThat(envValue(job, "WORLD_SIZE")).isEqualTo("2");
    assertThat(envValue(job, "PET_NNODES")).isEqualTo("2");
    assertThat(job.getSpec().getTemplate().getSpec().getSubdomain()).isEqualTo("fraud-train");
  }

  @Test
  void singleReplicaJobsRendezvousWithThemselves() {
    Job job = job(trainingJob("fraud-train", 1));

    assertThat(envValue(job, "MASTER_ADDR")).isEqualTo("localhost");
    assertThat(envValue(job, "WORLD_SIZE")).isEqualTo("1");
    assertThat(job.getSpec().getTemplate().getSpec().getSubdomain()).isNull();
    assertThat(TrainingJobResources.needsService(trainingJob("fraud-train", 1))).isFalse();
  }

  @Test
  void podsGetTheTrainingContractEnv() {
    Job job = job(trainingJob("fraud-train", 1));

    assertThat(envValue(job, "GANTRY_TRAINING_JOB")).isEqualTo("fraud-train");
    assertThat(envValue(job, "GANTRY_MODEL_NAME")).isEqualTo("fraud");
    assertThat(envValue(job, "GANTRY_OUTPUT_URI")).isEqualTo("pvc://models/fraud/fraud-train");
    assertThat(envValue(job, "GANTRY_DATASET_URI")).isEqualTo("pvc://datasets/fraud/2026-11.csv");
    assertThat(envValue(job, "GANTRY_DATASET_VERSION")).isEqualTo("2026-11");
    assertThat(env(job, "GANTRY_DATASET_SHA256")).isEmpty();
    assertThat(envValue(job, "GANTRY_HYPERPARAMETERS"))
        .isEqualTo("{\"epochs\":\"20\",\"learningRate\":\"0.05\"}");
  }

  @Test
  void userEnvReplacesGantryEnvOfTheSameName() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().env =
        List.of(
            new EnvVarBuilder().withName("MASTER_PORT").withValue("1234").build(),
            new EnvVarBuilder().withName("NCCL_DEBUG").withValue("INFO").build());

    Job job = job(trainingJob);

    assertThat(trainer(job).getEnv().stream().filter(e -> e.getName().equals("MASTER_PORT")))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("1234");
    assertThat(envValue(job, "NCCL_DEBUG")).isEqualTo("INFO");
  }

  @Test
  void pvcDatasetAndOutputAreMountedWhereTheContractLooks() {
    Job job = job(trainingJob("fraud-train", 1));
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("datasets", "models");
    assertThat(trainer(job).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/mnt/pvc/datasets", "/mnt/pvc/models");
  }

  @Test
  void oneClaimForDatasetAndOutputIsMountedOnce() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().dataset.storageUri = "pvc://shared/data.csv";
    trainingJob.getSpec().output.storageUri = "pvc://shared/models";

    assertThat(trainer(job(trainingJob)).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/mnt/pvc/shared");
  }

  @Test
  void s3LocationsMountNothing() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().dataset.storageUri = "s3://data/fraud.csv";
    trainingJob.getSpec().output.storageUri = "s3://models/fraud";

    assertThat(job(trainingJob).getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
  }

  @Test
  void podTemplateOverlayIsApplied() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    PodTemplateOverlay overlay = new PodTemplateOverlay();
    overlay.nodeSelector = Map.of("nvidia.com/gpu.product", "H100");
    overlay.tolerations =
        List.of(new TolerationBuilder().withKey("gpu").withOperator("Exists").build());
    overlay.serviceAccountName = "trainer";
    overlay.priorityClassName = "high";
    overlay.labels = Map.of("team", "a", "gantry.dev/trainingjob", "spoofed");
    overlay.annotations = Map.of("note", "x");
    overlay.volumes =
        List.of(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build());
    overlay.volumeMounts =
        List.of(new VolumeMountBuilder().withName("scratch").withMountPath("/scratch").build());
    trainingJob.getSpec().podTemplate = overlay;

    Job job = job(trainingJob);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "H100");
    assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("gpu");
    assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
    assertThat(pod.getPriorityClassName()).isEqualTo("high");
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).contains("scratch");
    assertThat(trainer(job).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/scratch");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "a")
        .as("the join key cannot be overridden")
        .containsEntry("gantry.dev/trainingjob", "fraud-train");
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("note", "x");
  }

  @Test
  void securityContextPassesTheRestrictedProfileByDefault() {
    Job job = job(trainingJob("fraud-train", 1));
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(trainer(job).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(trainer(job).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
  }

  @Test
  void overlaySecurityContextReplacesThePodDefault() {
    TrainingJob trainingJob = trainingJob("fraud-train", 1);
    trainingJob.getSpec().podTemplate = new PodTemplateOverlay();
    trainingJob.getSpec().podTemplate.securityContext =
        new PodSecurityContextBuilder().withRunAsUser(0L).withRunAsNonRoot(false).build();

    PodSpec pod = job(trainingJob).getSpec().getTemplate().getSpec();

    assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isFalse();
  }

  @Test
  void headlessServiceSelectsThePodsAndPublishesThemBeforeTheyAreReady() {
    Service service = TrainingJobResources.service(trainingJob("fraud-train", 2), settings());

    assertThat(service.getMetadata().getName()).isEqualTo("fraud-train");
    assertThat(service.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getSelector())
        .containsExactlyEntriesOf(Map.of("gantry.dev/trainingjob", "fraud-train"));
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .extracting(p -> p.getPort())
        .isEqualTo(29500);
    assertThat(TrainingJobResources.needsService(trainingJob("fraud-train", 2))).isTrue();
  }
}
