package dev.gantry.operator.batchprediction;

import static dev.gantry.operator.common.PodDefaults.ignoreDisruptions;
import static dev.gantry.operator.common.PodDefaults.optionalSecretEnv;
import static dev.gantry.operator.common.PodDefaults.restrictedPod;
import static dev.gantry.operator.common.PodDefaults.restrictedReadOnlyContainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gantry.api.v1alpha1.batchprediction.BatchInput;
import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.contract.BatchReport;
import dev.gantry.operator.common.ChildNames;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.OwnerReferences;
import dev.gantry.operator.common.StorageUris;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure builders of a BatchPrediction's two Jobs, both of the inference image: {@code predict plan}
 * (one pod: checks inputs, output and model, counts and splits the rows, writes {@code _plan.json})
 * and {@code predict shard} (an Indexed Job, one completion per shard). Both report to their
 * termination message.
 */
public final class BatchJobs {
  public static final String PLAN_CONTAINER = "plan";
  public static final String SHARD_CONTAINER = "predict";
  static final String WORK_DIR = "/work";
  private static final ObjectMapper SPEC_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private BatchJobs() {}

  public static String planJobName(BatchPrediction bp) {
    return name(bp, "-plan");
  }

  public static String shardJobName(BatchPrediction bp) {
    return name(bp, "-shards");
  }

  /** Shards the spec asks for: {@code shards}, else {@code parallelism}. */
  public static int shardCount(BatchPredictionSpec spec) {
    if (spec.shards != null) {
      return spec.shards;
    }
    return spec.parallelism == null ? 2 : spec.parallelism;
  }

  /**
   * What a shard's manifest must carry to count as this batch's: the object (its uid), its spec and
   * the model's digest. A new BatchPrediction writing to the same output redoes every shard; a
   * restarted pod of this one keeps the finished ones.
   */
  public static String planId(BatchPrediction bp, String modelSha256) {
    String spec;
    try {
      spec = SPEC_JSON.writeValueAsString(bp.getSpec());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("spec cannot be serialized", e);
    }
    return ChildNames.sha256(bp.getMetadata().getUid() + "\n" + spec + "\n" + modelSha256)
        .substring(0, 16);
  }

  public static Job planJob(
      BatchPrediction bp, ModelVersion model, String planId, BatchSettings settings) {
    Map<String, String> labels = labels(bp, "plan");
    return new JobBuilder()
        .withNewMetadata()
        .withName(planJobName(bp))
        .withNamespace(bp.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controller(bp))
        .endMetadata()
        .withNewSpec()
        // The plan's verdict on inputs and output is deterministic; a crash is retried once.
        .withBackoffLimit(1)
        .withActiveDeadlineSeconds(bp.getSpec().activeDeadlineSeconds)
        .withNewPodFailurePolicy()
        .addToRules(ignoreDisruptions(), failJobOnPermanentExit())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(bp, labels))
        .withAnnotations(podAnnotations(bp))
        // Each pod's report stays readable until status has it (ReportFinalizer).
        .withFinalizers(ReportFinalizer.NAME)
        .endMetadata()
        .withSpec(
            podSpec(
                bp,
                model,
                planId,
                settings,
                PLAN_CONTAINER,
                "plan",
                new ResourceRequirementsBuilder()
                    .withRequests(
                        Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
                    .withLimits(Map.of("memory", new Quantity("1Gi")))
                    .build()))
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Job shardJob(
      BatchPrediction bp, ModelVersion model, String planId, BatchSettings settings) {
    BatchPredictionSpec spec = bp.getSpec();
    int shards = shardCount(spec);
    Map<String, String> labels = labels(bp, "shard");
    PodSpec pod =
        podSpec(bp, model, planId, settings, SHARD_CONTAINER, "shard", shardResources(spec));
    return new JobBuilder()
        .withNewMetadata()
        .withName(shardJobName(bp))
        .withNamespace(bp.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controller(bp))
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(shards)
        .withParallelism(Math.min(shards, spec.parallelism == null ? 2 : spec.parallelism))
        // A failed shard is retried alone; finished shards are never run again.
        .withBackoffLimitPerIndex(spec.retriesPerShard == null ? 2 : spec.retriesPerShard)
        // One shard that cannot be mended fails the batch: its rows would be missing.
        .withMaxFailedIndexes(0)
        .withActiveDeadlineSeconds(spec.activeDeadlineSeconds)
        .withNewPodFailurePolicy()
        .addToRules(ignoreDisruptions(), failIndexOnPermanentExit())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(bp, labels))
        .withAnnotations(podAnnotations(bp))
        // Each pod's report stays readable until status has it (ReportFinalizer).
        .withFinalizers(ReportFinalizer.NAME)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(
      BatchPrediction bp,
      ModelVersion model,
      String planId,
      BatchSettings settings,
      String containerName,
      String step,
      ResourceRequirements resources) {
    BatchPredictionSpec spec = bp.getSpec();
    PodTemplateOverlay overlay =
        spec.podTemplate == null ? new PodTemplateOverlay() : spec.podTemplate;
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    // Read-only root filesystem: the image writes to its work dir, the JVM to /tmp.
    for (String dir : List.of(WORK_DIR, "/tmp")) {
      String name = dir.equals(WORK_DIR) ? "work" : "tmp";
      volumes.add(new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build());
      mounts.add(new VolumeMountBuilder().withName(name).withMountPath(dir).build());
    }
    addClaims(spec, model.getSpec(), volumes, mounts);
    if (overlay.volumes != null) {
      volumes.addAll(overlay.volumes);
    }
    if (overlay.volumeMounts != null) {
      mounts.addAll(overlay.volumeMounts);
    }
    Container container =
        new ContainerBuilder()
            .withName(containerName)
            .withImage(settings.image())
            .withArgs("predict", step)
            .withEnv(env(bp, model, planId))
            .withEnvFrom(optionalSecretEnv(settings.envSecret()))
            .withResources(resources)
            .withVolumeMounts(mounts)
            .withTerminationMessagePath("/dev/termination-log")
            // A crash before the report still explains itself through the log's tail.
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(restrictedReadOnlyContainer())
            .build();
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withNodeSelector(overlay.nodeSelector)
        .withTolerations(overlay.tolerations)
        .withAffinity(overlay.affinity)
        .withPriorityClassName(overlay.priorityClassName)
        .withServiceAccountName(
            overlay.serviceAccountName != null
                ? overlay.serviceAccountName
                : settings.serviceAccount().orElse(null))
        // Storage credentials come from env or a cloud identity, never from the API server.
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(
            overlay.securityContext != null ? overlay.securityContext : restrictedPod())
        .withContainers(container)
        .withVolumes(volumes)
        .build();
  }

  private static List<EnvVar> env(BatchPrediction bp, ModelVersion model, String planId) {
    BatchPredictionSpec spec = bp.getSpec();
    ModelVersionSpec mv = model.getSpec();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GANTRY_MODEL_NAME", mv.modelName);
    env.put("GANTRY_MODEL_VERSION", mv.version);
    env.put("GANTRY_MODEL_URI", mv.storageUri);
    if (mv.sha256 != null) {
      env.put("GANTRY_MODEL_SHA256", mv.sha256);
    }
    if (mv.baseline != null && mv.baseline.storageUri != null) {
      env.put("GANTRY_MODEL_BASELINE_URI", mv.baseline.storageUri);
    }
    env.put(
        "GANTRY_PREDICT_INPUTS", String.join(",", spec.inputs.stream().map(i -> i.uri).toList()));
    env.put("GANTRY_PREDICT_OUTPUT_URI", spec.output.uri);
    env.put("GANTRY_PREDICT_SHARDS", Integer.toString(shardCount(spec)));
    env.put("GANTRY_PREDICT_PLAN_ID", planId);
    env.put(
        "GANTRY_PREDICT_ON_INVALID_ROW",
        spec.onInvalidRow == null ? "Skip" : spec.onInvalidRow.name());
    env.put(
        "GANTRY_PREDICT_BATCH_SIZE",
        Integer.toString(spec.batchSize == null ? 4096 : spec.batchSize));
    if (spec.idColumn != null) {
      env.put("GANTRY_PREDICT_ID_COLUMN", spec.idColumn);
    }
    if (spec.classLabels != null && !spec.classLabels.isEmpty()) {
      env.put("GANTRY_PREDICT_CLASS_LABELS", String.join(",", spec.classLabels));
    }
    env.put("GANTRY_WORK_DIR", WORK_DIR);
    env.put("ORT_DISABLE_TELEMETRY", "1");
    List<EnvVar> vars = new ArrayList<>();
    env.forEach((k, v) -> vars.add(env(k, v)));
    return vars;
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /**
   * Each claim named by a pvc:// URI at /mnt/pvc/&lt;claim&gt; as the image expects: the output's
   * read-write, the inputs' and the model's read-only.
   */
  private static void addClaims(
      BatchPredictionSpec spec,
      ModelVersionSpec model,
      List<Volume> volumes,
      List<VolumeMount> mounts) {
    Map<String, Boolean> claims = new TreeMap<>(); // claim -> read-only
    for (BatchInput input : spec.inputs) {
      StorageUris.pvcClaim(input.uri).ifPresent(c -> claims.put(c, true));
    }
    StorageUris.pvcClaim(model.storageUri).ifPresent(c -> claims.put(c, true));
    if (model.baseline != null) {
      StorageUris.pvcClaim(model.baseline.storageUri).ifPresent(c -> claims.put(c, true));
    }
    StorageUris.pvcClaim(spec.output.uri).ifPresent(c -> claims.put(c, false));
    int index = 0;
    for (Map.Entry<String, Boolean> claim : claims.entrySet()) {
      String volume = "gantry-pvc-" + index++;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim.getKey())
              .withReadOnly(claim.getValue())
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(StorageUris.PVC_MOUNT_ROOT + "/" + claim.getKey())
              .withReadOnly(claim.getValue())
              .build());
    }
  }

  private static ResourceRequirements shardResources(BatchPredictionSpec spec) {
    Map<String, Quantity> limits =
        spec.resources == null || spec.resources.limits == null
            ? Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi"))
            : spec.resources.limits;
    Map<String, Quantity> requests =
        spec.resources == null || spec.resources.requests == null
            ? limits
            : spec.resources.requests;
    return new ResourceRequirementsBuilder()
        .withLimits(new TreeMap<>(limits))
        .withRequests(new TreeMap<>(requests))
        .build();
  }

  /** Exit code 3 (input missing, invalid rows under Fail, ...): retrying cannot mend it. */
  private static io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule
      failIndexOnPermanentExit() {
    return permanentExit("FailIndex");
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule
      failJobOnPermanentExit() {
    return permanentExit("FailJob");
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule permanentExit(
      String action) {
    return new PodFailurePolicyRuleBuilder()
        .withAction(action)
        .withNewOnExitCodes()
        .withOperator("In")
        .withValues(BatchReport.EXIT_PERMANENT)
        .endOnExitCodes()
        .build();
  }

  private static Map<String, String> labels(BatchPrediction bp, String step) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.BATCH_PREDICTION, bp.getMetadata().getName());
    labels.put(Labels.BATCH_STEP, step);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY);
    return labels;
  }

  private static Map<String, String> podLabels(BatchPrediction bp, Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>();
    if (bp.getSpec().podTemplate != null && bp.getSpec().podTemplate.labels != null) {
      all.putAll(bp.getSpec().podTemplate.labels);
    }
    all.putAll(labels);
    return all;
  }

  private static Map<String, String> podAnnotations(BatchPrediction bp) {
    if (bp.getSpec().podTemplate == null || bp.getSpec().podTemplate.annotations == null) {
      return null;
    }
    return new TreeMap<>(bp.getSpec().podTemplate.annotations);
  }

  private static String name(BatchPrediction bp, String suffix) {
    return ChildNames.withSuffix(bp.getMetadata().getName(), suffix);
  }
}
