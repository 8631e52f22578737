package dev.gantry.operator.modelversion;

import static dev.gantry.operator.common.PodDefaults.ignoreDisruptions;
import static dev.gantry.operator.common.PodDefaults.optionalSecretEnv;
import static dev.gantry.operator.common.PodDefaults.restrictedPod;
import static dev.gantry.operator.common.PodDefaults.restrictedReadOnlyContainer;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.operator.common.ChildNames;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.OwnerReferences;
import dev.gantry.operator.common.StorageUris;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure builder of a ModelVersion's validation Job: the inference image in validate mode, which
 * downloads the artifact, checks its sha256, loads it into ONNX Runtime, scores the golden set and
 * writes a report to its termination message. The operator applies the gates itself, to the report
 * and to the training metrics, so the image is given no gates.
 */
public final class ValidationJobResources {
  public static final String CONTAINER = "validate";
  static final String WORK_DIR = "/work";

  private ValidationJobResources() {}

  /**
   * {@code <modelversion>-validate-<hash>}: the hash covers what the Job checks (artifact, digest,
   * golden set), so a changed golden set gets a new Job while a restarted operator finds the old
   * one. At most 63 characters, the limit of the job-name label.
   */
  public static String jobName(ModelVersion mv) {
    ModelVersionSpec spec = mv.getSpec();
    String inputs =
        String.join(
            "\n",
            spec.storageUri,
            String.valueOf(spec.sha256),
            spec.validation == null || spec.validation.goldenSet == null
                ? ""
                : spec.validation.goldenSet.storageUri
                    + "\n"
                    + spec.validation.goldenSet.labelColumn);
    return ChildNames.withSuffix(
        mv.getMetadata().getName(), "-validate-" + ChildNames.sha256(inputs).substring(0, 8));
  }

  public static Job job(ModelVersion mv, ValidationSettings settings) {
    ModelVersionSpec spec = mv.getSpec();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MODEL_VERSION, mv.getMetadata().getName());
    labels.put(Labels.MODEL_NAME, spec.modelName);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    // Read-only root filesystem: the image writes only to its work dir and the JVM to /tmp.
    for (String dir : List.of(WORK_DIR, "/tmp")) {
      String name = dir.equals(WORK_DIR) ? "work" : "tmp";
      volumes.add(new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build());
      mounts.add(new VolumeMountBuilder().withName(name).withMountPath(dir).build());
    }
    addPvcMounts(spec, volumes, mounts);

    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(mv))
        .withNamespace(mv.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controller(mv))
        .endMetadata()
        .withNewSpec()
        // The verdict is deterministic: a failed pod is the answer, not a reason to retry.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(settings.activeDeadlineSeconds())
        .withNewPodFailurePolicy()
        .addToRules(ignoreDisruptions())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(copiedAnnotations(mv, settings))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(settings.placement().nodeSelector())
        .withTolerations(settings.placement().tolerations())
        .withAffinity(settings.placement().affinity())
        .withServiceAccountName(settings.serviceAccount().orElse(null))
        // Storage credentials come from env or a cloud identity, never from the API server.
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(restrictedPod())
        .withContainers(
            new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withArgs("validate")
                .withEnv(env(spec))
                .withEnvFrom(optionalSecretEnv(settings.envSecret()))
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
                .withLimits(Map.of("memory", new Quantity("2Gi")))
                .endResources()
                .withVolumeMounts(mounts)
                .withTerminationMessagePath("/dev/termination-log")
                // A crash before the report still explains itself through the log's tail.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(restrictedReadOnlyContainer())
                .build())
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<EnvVar> env(ModelVersionSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GANTRY_MODEL_NAME", spec.modelName);
    env.put("GANTRY_MODEL_VERSION", spec.version);
    env.put("GANTRY_MODEL_URI", spec.storageUri);
    if (spec.sha256 != null) {
      env.put("GANTRY_MODEL_SHA256", spec.sha256);
    }
    if (spec.baseline != null && spec.baseline.storageUri != null) {
      env.put("GANTRY_MODEL_BASELINE_URI", spec.baseline.storageUri);
    }
    if (spec.validation != null && spec.validation.goldenSet != null) {
      env.put("GANTRY_VALIDATE_GOLDEN_URI", spec.validation.goldenSet.storageUri);
      if (spec.validation.goldenSet.labelColumn != null) {
        env.put("GANTRY_VALIDATE_LABEL_COLUMN", spec.validation.goldenSet.labelColumn);
      }
    }
    env.put("GANTRY_WORK_DIR", WORK_DIR);
    env.put("ORT_DISABLE_TELEMETRY", "1");
    List<EnvVar> vars = new ArrayList<>();
    env.forEach((k, v) -> vars.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    return vars;
  }

  /** Each claim named by a pvc:// URI, read-only at /mnt/pvc/&lt;claim&gt; as the image expects. */
  private static void addPvcMounts(
      ModelVersionSpec spec, List<Volume> volumes, List<VolumeMount> mounts) {
    TreeSet<String> claims = new TreeSet<>();
    StorageUris.pvcClaim(spec.storageUri).ifPresent(claims::add);
    if (spec.baseline != null) {
      StorageUris.pvcClaim(spec.baseline.storageUri).ifPresent(claims::add);
    }
    if (spec.validation != null && spec.validation.goldenSet != null) {
      StorageUris.pvcClaim(spec.validation.goldenSet.storageUri).ifPresent(claims::add);
    }
    int index = 0;
    for (String claim : claims) {
      String volume = "gantry-pvc-" + index++;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .withReadOnly(true)
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(StorageUris.PVC_MOUNT_ROOT + "/" + claim)
              .withReadOnly(true)
              .build());
    }
  }

  private static Map<String, String> copiedAnnotations(
      ModelVersion mv, ValidationSettings settings) {
    Map<String, String> annotations = mv.getMetadata().getAnnotations();
    if (annotations == null || settings.copiedAnnotationPrefixes().isEmpty()) {
      return null;
    }
    Map<String, String> copied = new TreeMap<>();
    annotations.forEach(
        (k, v) -> {
          if (settings.copiedAnnotationPrefixes().stream().anyMatch(k::startsWith)) {
            copied.put(k, v);
          }
        });
    return copied.isEmpty() ? null : copied;
  }
}
