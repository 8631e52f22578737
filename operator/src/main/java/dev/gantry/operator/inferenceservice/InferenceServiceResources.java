package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.common.PodDefaults.restrictedReadOnlyContainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import dev.gantry.api.v1alpha1.inferenceservice.BatchingSpec;
import dev.gantry.api.v1alpha1.inferenceservice.ExecutionProvider;
import dev.gantry.api.v1alpha1.inferenceservice.GraphOptimizationLevel;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceSpec;
import dev.gantry.api.v1alpha1.inferenceservice.RuntimeSpec;
import dev.gantry.api.v1alpha1.inferenceservice.ScaleMetric;
import dev.gantry.api.v1alpha1.inferenceservice.SecretKeyRef;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.operator.common.OwnerReferences;
import dev.gantry.operator.common.PodDefaults;
import dev.gantry.operator.common.StorageUris;
import dev.gantry.operator.config.GantryConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Desired state of an InferenceService's children: pure functions of the InferenceService, the
 * ModelVersion a Deployment serves and the operator's settings. Each result carries the hash of its
 * own content ({@link InferenceServiceNames#DESIRED_HASH}), which is how the reconciler tells
 * whether a child needs applying.
 */
public final class InferenceServiceResources {
  static final String CONTAINER = "server";
  static final String WORK_VOLUME = "work";
  static final String WORK_DIR = "/work";
  static final long USER_ID = 10001L;

  /** The token Secret's volume, where it is mounted, and the file the server reads. */
  static final String AUTH_VOLUME = "gantry-auth-token";

  static final String AUTH_DIR = "/var/run/secrets/gantry/auth";
  static final String AUTH_FILE = "token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private InferenceServiceResources() {}

  /**
   * A Deployment serving {@code model}. The stable one leaves replicas to the HPA; the canary's
   * count is given (the replica-ratio traffic split).
   */
  public static Deployment deployment(
      InferenceService isvc,
      ModelVersion model,
      Role role,
      Optional<Integer> replicas,
      GantryConfig.Inference config) {
    String name =
        role == Role.stable
            ? InferenceServiceNames.stable(isvc)
            : InferenceServiceNames.canary(isvc);
    Map<String, String> selector = new LinkedHashMap<>(InferenceServiceNames.selector(isvc));
    selector.put(InferenceServiceNames.ROLE, role.name());
    Map<String, String> podLabels = new LinkedHashMap<>(InferenceServiceNames.labels(isvc));
    podLabels.putAll(selector);
    String version = model.getMetadata().getName();
    // The annotation is what the operator reads; the label (at most 63 characters) is for people.
    if (version.length() <= 63) {
      podLabels.put(InferenceServiceNames.MODEL_VERSION, version);
    }
    PodTemplateOverlay overlay = isvc.getSpec().podTemplate;
    Map<String, String> podAnnotations = new LinkedHashMap<>();
    podAnnotations.put(InferenceServiceNames.MODEL_VERSION, version);
    // The inference server's request metrics are what canary analysis reads.
    podAnnotations.put("prometheus.io/scrape", "true");
    podAnnotations.put("prometheus.io/port", String.valueOf(InferenceServiceNames.HTTP_PORT));
    podAnnotations.put("prometheus.io/path", "/metrics");
    if (overlay != null && overlay.labels != null) {
      overlay.labels.forEach(podLabels::putIfAbsent);
    }
    if (overlay != null && overlay.annotations != null) {
      podAnnotations.putAll(overlay.annotations);
    }
    Map<String, String> labels = new LinkedHashMap<>(InferenceServiceNames.labels(isvc));
    labels.put(InferenceServiceNames.ROLE, role.name());

    Deployment deployment =
        new DeploymentBuilder()
            .withMetadata(metadata(isvc, name, labels))
            .withNewSpec()
            .withReplicas(replicas.orElse(null))
            .withRevisionHistoryLimit(3)
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            // Never below the serving capacity during a rolling update (promotion, new settings).
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxUnavailable(new IntOrString(0))
            .withMaxSurge(new IntOrString("25%"))
            .endRollingUpdate()
            .endStrategy()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(podLabels)
            .withAnnotations(podAnnotations)
            .endMetadata()
            .withSpec(podSpec(isvc, model, config))
            .endTemplate()
            .endSpec()
            .build();
    return withHash(deployment);
  }

  private static PodSpec podSpec(
      InferenceService isvc, ModelVersion model, GantryConfig.Inference config) {
    PodTemplateOverlay overlay =
        isvc.getSpec().podTemplate == null ? new PodTemplateOverlay() : isvc.getSpec().podTemplate;
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(WORK_VOLUME).withNewEmptyDir().endEmptyDir().build());
    mounts.add(new VolumeMountBuilder().withName(WORK_VOLUME).withMountPath(WORK_DIR).build());
    modelClaimVolume(model, volumes, mounts);
    authTokenVolume(isvc.getSpec(), volumes, mounts);
    if (overlay.volumes != null) {
      volumes.addAll(overlay.volumes);
    }
    if (overlay.volumeMounts != null) {
      mounts.addAll(overlay.volumeMounts);
    }
    return new PodSpecBuilder()
        .withContainers(container(isvc, model, config, mounts))
        .withVolumes(volumes)
        .withSecurityContext(
            overlay.securityContext != null ? overlay.securityContext : restrictedImagePod())
        .withNodeSelector(overlay.nodeSelector)
        .withTolerations(overlay.tolerations)
        .withAffinity(overlay.affinity)
        .withServiceAccountName(overlay.serviceAccountName)
        .withPriorityClassName(overlay.priorityClassName)
        .withEnableServiceLinks(false)
        .build();
  }

  /** A pvc:// model is read in place from its claim, mounted read-only where the server looks. */
  private static void modelClaimVolume(
      ModelVersion model, List<Volume> volumes, List<VolumeMount> mounts) {
    StorageUris.pvcClaim(model.getSpec().storageUri)
        .ifPresent(
            claim -> {
              volumes.add(
                  new VolumeBuilder()
                      .withName("model-store")
                      .withNewPersistentVolumeClaim(claim, true)
                      .build());
              mounts.add(
                  new VolumeMountBuilder()
                      .withName("model-store")
                      .withMountPath(StorageUris.PVC_MOUNT_ROOT + "/" + claim)
                      .withReadOnly(true)
                      .build());
            });
  }

  /**
   * spec.security.auth: the token Secret's key, mounted read-only as {@value #AUTH_DIR}/{@value
   * #AUTH_FILE}. The kubelet mounts it, not the operator (which cannot read Secrets); a missing
   * Secret or key keeps the pod in ContainerCreating, and a rotated Secret reaches the file.
   */
  private static void authTokenVolume(
      InferenceServiceSpec spec, List<Volume> volumes, List<VolumeMount> mounts) {
    authToken(spec)
        .ifPresent(
            ref -> {
              volumes.add(
                  new VolumeBuilder()
                      .withName(AUTH_VOLUME)
                      .withNewSecret()
                      .withSecretName(ref.name)
                      .addNewItem()
                      .withKey(ref.key == null ? "token" : ref.key)
                      .withPath(AUTH_FILE)
                      .endItem()
                      .endSecret()
                      .build());
              mounts.add(
                  new VolumeMountBuilder()
                      .withName(AUTH_VOLUME)
                      .withMountPath(AUTH_DIR)
                      .withReadOnly(true)
                      .build());
            });
  }

  /** The token Secret of spec.security.auth, when set. */
  static Optional<SecretKeyRef> authToken(InferenceServiceSpec spec) {
    return Optional.ofNullable(spec.security)
        .map(s -> s.auth)
        .map(a -> a.tokenSecretRef)
        .filter(ref -> ref.name != null);
  }

  private static Container container(
      InferenceService isvc,
      ModelVersion model,
      GantryConfig.Inference config,
      List<VolumeMount> mounts) {
    RuntimeSpec runtime = isvc.getSpec().runtime;
    String image =
        runtime != null && runtime.image != null && !runtime.image.isBlank()
            ? runtime.image
            : config.image();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image)
        .withEnv(env(isvc.getSpec(), model))
        .addNewPort()
        .withName("http")
        .withContainerPort(InferenceServiceNames.HTTP_PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("grpc")
        .withContainerPort(InferenceServiceNames.GRPC_PORT)
        .withProtocol("TCP")
        .endPort()
        .withResources(resources(isvc.getSpec().resources))
        // Downloading and warming a large model takes a while; liveness waits for it.
        .withStartupProbe(probe("/v2/health/live", 2, 90))
        .withReadinessProbe(probe("/v2/health/ready", 5, 3))
        .withLivenessProbe(probe("/v2/health/live", 10, 3))
        .withVolumeMounts(mounts)
        .withSecurityContext(restrictedReadOnlyContainer())
        .build();
  }

  /** The inference server's settings, as the environment variables it reads. */
  static List<EnvVar> env(InferenceServiceSpec spec, ModelVersion model) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GANTRY_WORK_DIR", WORK_DIR);
    env.put("GANTRY_MODEL_NAME", model.getSpec().modelName);
    env.put("GANTRY_MODEL_VERSION", model.getSpec().version);
    env.put("GANTRY_MODEL_URI", model.getSpec().storageUri);
    if (model.getSpec().sha256 != null) {
      env.put("GANTRY_MODEL_SHA256", model.getSpec().sha256);
    }
    if (model.getSpec().baseline != null && model.getSpec().baseline.storageUri != null) {
      env.put("GANTRY_MODEL_BASELINE_URI", model.getSpec().baseline.storageUri);
    }
    RuntimeSpec runtime = spec.runtime == null ? new RuntimeSpec() : spec.runtime;
    env.put(
        "GANTRY_SESSION_OPTIMIZATION_LEVEL",
        optimizationLevel(
            runtime.graphOptimizationLevel == null
                ? GraphOptimizationLevel.all
                : runtime.graphOptimizationLevel));
    env.put("GANTRY_SESSION_INTRA_OP_THREADS", String.valueOf(orZero(runtime.intraOpThreads)));
    env.put("GANTRY_SESSION_INTER_OP_THREADS", String.valueOf(orZero(runtime.interOpThreads)));
    if (runtime.executionProviders != null && !runtime.executionProviders.isEmpty()) {
      env.put(
          "GANTRY_SESSION_EXECUTION_PROVIDERS",
          runtime.executionProviders.stream()
              .map(ExecutionProvider::name)
              .collect(Collectors.joining(",")));
    }
    BatchingSpec batching = runtime.batching;
    if (batching != null) {
      int maxBatch = batching.maxBatchSize == null ? 32 : batching.maxBatchSize;
      env.put("GANTRY_BATCHING_ENABLED", String.valueOf(maxBatch > 1));
      env.put("GANTRY_BATCHING_MAX_BATCH_SIZE", String.valueOf(maxBatch));
      env.put(
          "GANTRY_BATCHING_MAX_DELAY",
          (batching.maxDelayMillis == null ? 2 : batching.maxDelayMillis) + "ms");
    }
    env.put(
        "GANTRY_VALIDATION_MODE",
        spec.inputValidation == null ? "Reject" : spec.inputValidation.name());
    if (authToken(spec).isPresent()) {
      // The server's gantry.auth.token-file: every request but health and metrics needs the token.
      env.put("GANTRY_AUTH_TOKEN_FILE", AUTH_DIR + "/" + AUTH_FILE);
    }
    return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
  }

  /** The server spells "disabled" as its ONNX Runtime name, disable. */
  private static String optimizationLevel(GraphOptimizationLevel level) {
    return level == GraphOptimizationLevel.disabled ? "disable" : level.name();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /**
   * The spec's resources, requests defaulting to the limits. Without any, a modest CPU request: the
   * HPA's utilization target is a share of the request, so there must be one.
   */
  static io.fabric8.kubernetes.api.model.ResourceRequirements resources(ResourceSpec spec) {
    Map<String, Quantity> limits = new LinkedHashMap<>();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    if (spec != null && spec.limits != null) {
      limits.putAll(spec.limits);
      requests.putAll(spec.limits);
    }
    if (spec != null && spec.requests != null) {
      requests.putAll(spec.requests);
    }
    requests.putIfAbsent("cpu", new Quantity("500m"));
    requests.putIfAbsent("memory", new Quantity("1Gi"));
    return new ResourceRequirementsBuilder()
        .withLimits(limits.isEmpty() ? null : limits)
        .withRequests(requests)
        .build();
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withHttpGet(
            new HTTPGetActionBuilder()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .withScheme("HTTP")
                .build())
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(2)
        .withSuccessThreshold(1)
        .build();
  }

  /** Passes the Pod Security "restricted" profile; uid 10001 is the image's user. */
  private static PodSecurityContext restrictedImagePod() {
    return new PodSecurityContextBuilder(PodDefaults.restrictedPod())
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .build();
  }

  /** One Service over stable and canary pods: with replica-ratio splitting, the traffic split. */
  public static Service service(InferenceService isvc) {
    Service service =
        new ServiceBuilder()
            .withMetadata(
                metadata(
                    isvc, InferenceServiceNames.service(isvc), InferenceServiceNames.labels(isvc)))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(InferenceServiceNames.selector(isvc))
            .addNewPort()
            .withName("http")
            .withPort(InferenceServiceNames.HTTP_PORT)
            .withTargetPort(new IntOrString("http"))
            .withProtocol("TCP")
            .endPort()
            .addNewPort()
            .withName("grpc")
            .withPort(InferenceServiceNames.GRPC_PORT)
            .withTargetPort(new IntOrString("grpc"))
            .withProtocol("TCP")
            .withAppProtocol("kubernetes.io/h2c")
            .endPort()
            .endSpec()
            .build();
    return withHash(service);
  }

  /** Scales the stable Deployment between minReplicas and maxReplicas. */
  public static HorizontalPodAutoscaler autoscaler(InferenceService isvc) {
    InferenceServiceSpec spec = isvc.getSpec();
    ScaleMetric metric = spec.scaleMetric == null ? ScaleMetric.cpu : spec.scaleMetric;
    HorizontalPodAutoscaler hpa =
        new HorizontalPodAutoscalerBuilder()
            .withMetadata(
                metadata(
                    isvc, InferenceServiceNames.service(isvc), InferenceServiceNames.labels(isvc)))
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(InferenceServiceNames.stable(isvc))
            .endScaleTargetRef()
            .withMinReplicas(spec.minReplicas == null ? 1 : spec.minReplicas)
            .withMaxReplicas(spec.maxReplicas == null ? 4 : spec.maxReplicas)
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName(metric.name())
            .withNewTarget()
            .withType("Utilization")
            .withAverageUtilization(spec.scaleTarget == null ? 70 : spec.scaleTarget)
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec()
            .build();
    return withHash(hpa);
  }

  /**
   * At most one serving pod down for voluntary disruptions; maxUnavailable (not minAvailable) so
   * that a one-replica service never blocks a node drain forever.
   */
  public static PodDisruptionBudget disruptionBudget(InferenceService isvc) {
    PodDisruptionBudget pdb =
        new PodDisruptionBudgetBuilder()
            .withMetadata(
                metadata(
                    isvc, InferenceServiceNames.service(isvc), InferenceServiceNames.labels(isvc)))
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(InferenceServiceNames.selector(isvc))
            .endSelector()
            .endSpec()
            .build();
    return withHash(pdb);
  }

  private static ObjectMeta metadata(
      InferenceService isvc, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(isvc.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controller(isvc))
        .build();
  }

  /** Stamps the object with the hash of its content (without the hash itself). */
  static <R extends HasMetadata> R withHash(R resource) {
    String hash = hash(resource);
    Map<String, String> annotations =
        resource.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(resource.getMetadata().getAnnotations());
    annotations.put(InferenceServiceNames.DESIRED_HASH, hash);
    resource.getMetadata().setAnnotations(annotations);
    return resource;
  }

  /** The hash a child carries, empty when it carries none. */
  public static Optional<String> hashOf(HasMetadata resource) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations())
        .map(a -> a.get(InferenceServiceNames.DESIRED_HASH));
  }

  private static String hash(Object value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + value, e);
    }
  }
}
