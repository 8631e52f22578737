package dev.gantry.operator.trainingjob;

import static dev.gantry.operator.common.PodDefaults.ignoreDisruptions;
import static dev.gantry.operator.common.PodDefaults.restrictedContainer;
import static dev.gantry.operator.common.PodDefaults.restrictedPod;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.contract.TrainingFailure;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.OwnerReferences;
import dev.gantry.operator.common.StorageUris;
import dev.gantry.operator.config.GantryConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Pure builders of a TrainingJob's children: the Indexed Job and the rendezvous Service. */
public final class TrainingJobResources {
  /** The training container's name; pod failure rules and result reading refer to it. */
  public static final String CONTAINER = "trainer";

  static final String RENDEZVOUS_PORT_NAME = "rendezvous";

  private TrainingJobResources() {}

  public static String jobName(TrainingJob job) {
    return job.getMetadata().getName();
  }

  public static String serviceName(TrainingJob job) {
    return job.getMetadata().getName();
  }

  public static int replicas(TrainingJob job) {
    return job.getSpec().replicas == null ? 1 : job.getSpec().replicas;
  }

  /** Multi-pod jobs need a headless Service so rank 0 has a DNS name. */
  public static boolean needsService(TrainingJob job) {
    return replicas(job) > 1;
  }

  /** The labels every child and every pod carries. */
  public static Map<String, String> selectorLabels(TrainingJob job) {
    return Map.of(Labels.TRAINING_JOB, job.getMetadata().getName());
  }

  public static Job job(TrainingJob trainingJob, GantryConfig.Training config) {
    TrainingJobSpec spec = trainingJob.getSpec();
    int replicas = replicas(trainingJob);
    Map<String, String> jobLabels = childLabels(trainingJob);
    String queue = labelsOf(trainingJob).get(Labels.KUEUE_QUEUE);
    if (queue != null) {
      jobLabels.put(Labels.KUEUE_QUEUE, queue);
    }
    PodTemplateOverlay overlay =
        spec.podTemplate == null ? new PodTemplateOverlay() : spec.podTemplate;
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (overlay.labels != null) {
      podLabels.putAll(overlay.labels);
    }
    podLabels.putAll(childLabels(trainingJob));

    return new JobBuilder()
        .withMetadata(childMetadata(trainingJob, jobName(trainingJob), jobLabels))
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(replicas)
        .withParallelism(replicas)
        .withBackoffLimit(spec.backoffLimit)
        .withActiveDeadlineSeconds(spec.activeDeadlineSeconds)
        .withTtlSecondsAfterFinished(spec.ttlSecondsAfterFinished)
        .withSuspend(Boolean.TRUE.equals(spec.suspend))
        // Bad input (exit code 2 in the training contract) fails the job at once: a retry reads
        // the same bad data. Evictions and preemptions do not count against backoffLimit.
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(TrainingFailure.EXIT_BAD_INPUT)
        .endOnExitCodes()
        .endRule()
        .addToRules(ignoreDisruptions())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(overlay.annotations)
        .endMetadata()
        .withSpec(podSpec(trainingJob, overlay, config))
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(TrainingJob trainingJob, GantryConfig.Training config) {
    return new ServiceBuilder()
        .withMetadata(
            childMetadata(trainingJob, serviceName(trainingJob), childLabels(trainingJob)))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(selectorLabels(trainingJob))
        // Rank 0 must be resolvable before it is ready, or the other ranks cannot rendezvous.
        .withPublishNotReadyAddresses(true)
        .addNewPort()
        .withName(RENDEZVOUS_PORT_NAME)
        .withPort(config.masterPort())
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(
      TrainingJob trainingJob, PodTemplateOverlay overlay, GantryConfig.Training config) {
    TrainingJobSpec spec = trainingJob.getSpec();
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    addPvcMounts(spec, volumes, mounts);
    if (overlay.volumes != null) {
      volumes.addAll(overlay.volumes);
    }
    if (overlay.volumeMounts != null) {
      mounts.addAll(overlay.volumeMounts);
    }
    Container trainer =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(spec.image)
            .withImagePullPolicy(spec.imagePullPolicy == null ? null : spec.imagePullPolicy.name())
            .withCommand(spec.command)
            .withArgs(spec.args)
            .withEnv(TrainingPodEnv.of(trainingJob, config.masterPort()))
            .withResources(
                spec.resources == null
                    ? null
                    : new ResourceRequirementsBuilder()
                        .withLimits(spec.resources.limits)
                        .withRequests(spec.resources.requests)
                        .build())
            .withVolumeMounts(mounts)
            .withTerminationMessagePath(TrainingEnv.TERMINATION_LOG)
            // A crash that wrote no message still explains itself through the log's tail.
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(restrictedContainer())
            .build();
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withSubdomain(needsService(trainingJob) ? serviceName(trainingJob) : null)
        .withContainers(trainer)
        .withVolumes(volumes)
        .withNodeSelector(overlay.nodeSelector)
        .withTolerations(overlay.tolerations)
        .withAffinity(overlay.affinity)
        .withServiceAccountName(overlay.serviceAccountName)
        .withPriorityClassName(overlay.priorityClassName)
        .withTerminationGracePeriodSeconds(gracePeriodSeconds(spec))
        .withSecurityContext(
            overlay.securityContext == null ? restrictedPod() : overlay.securityContext)
        .build();
  }

  /**
   * An idle policy's gracePeriod is the time a reclaimed pod gets between SIGTERM and SIGKILL to
   * checkpoint; without a policy the pod keeps Kubernetes' default.
   */
  static Long gracePeriodSeconds(TrainingJobSpec spec) {
    if (spec.idlePolicy == null
        || Boolean.FALSE.equals(spec.idlePolicy.enabled)
        || spec.idlePolicy.gracePeriod == null) {
      return null;
    }
    return ApiDurations.parse(spec.idlePolicy.gracePeriod).toSeconds();
  }

  /**
   * Mounts each claim named by a pvc:// dataset or output at /mnt/pvc/&lt;claim&gt;, where the
   * training contract looks for it. One volume per claim, in name order.
   */
  private static void addPvcMounts(
      TrainingJobSpec spec, List<Volume> volumes, List<VolumeMount> mounts) {
    TreeSet<String> claims = new TreeSet<>();
    if (spec.dataset != null) {
      StorageUris.pvcClaim(spec.dataset.storageUri).ifPresent(claims::add);
    }
    StorageUris.pvcClaim(spec.output.storageUri).ifPresent(claims::add);
    int index = 0;
    for (String claim : claims) {
      String volume = "gantry-pvc-" + index++;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(StorageUris.PVC_MOUNT_ROOT + "/" + claim)
              .build());
    }
  }

  private static Map<String, String> childLabels(TrainingJob job) {
    Map<String, String> labels = new LinkedHashMap<>(selectorLabels(job));
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY);
    return labels;
  }

  private static Map<String, String> labelsOf(TrainingJob job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static ObjectMeta childMetadata(
      TrainingJob owner, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(owner))
        .build();
  }

  static OwnerReference ownerReference(TrainingJob owner) {
    return OwnerReferences.controller(owner);
  }
}
