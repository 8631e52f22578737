package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.inference;
import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static dev.gantry.operator.inferenceservice.InferenceServices.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.inferenceservice.AuthSpec;
import dev.gantry.api.v1alpha1.inferenceservice.BatchingSpec;
import dev.gantry.api.v1alpha1.inferenceservice.ExecutionProvider;
import dev.gantry.api.v1alpha1.inferenceservice.GraphOptimizationLevel;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InputValidation;
import dev.gantry.api.v1alpha1.inferenceservice.RuntimeSpec;
import dev.gantry.api.v1alpha1.inferenceservice.ScaleMetric;
import dev.gantry.api.v1alpha1.inferenceservice.SecretKeyRef;
import dev.gantry.api.v1alpha1.inferenceservice.SecuritySpec;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InferenceServiceResourcesTest {
  private final InferenceService isvc = isvc("fraud", "fraud-7");
  private final ModelVersion mv = modelVersion("fraud-7", "7", true);

  private Deployment stable() {
    return InferenceServiceResources.deployment(
        isvc, mv, Role.stable, Optional.empty(), inference());
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void stableDeploymentLeavesReplicasToTheAutoscaler() {
    Deployment d = stable();
    assertThat(d.getMetadata().getName()).isEqualTo("fraud-predictor");
    assertThat(d.getSpec().getReplicas()).isNull();
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("gantry.dev/inferenceservice", "fraud", "gantry.dev/role", "stable"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("gantry.dev/modelversion", "fraud-7");
    assertThat(ServingDeployments.version(d)).contains("fraud-7");
  }

  @Test
  void canaryDeploymentHasItsOwnNameSelectorAndReplicas() {
    Deployment d =
        InferenceServiceResources.deployment(
            isvc, modelVersion("fraud-8", "8", true), Role.canary, Optional.of(2), inference());
    assertThat(d.getMetadata().getName()).isEqualTo("fraud-canary");
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsEntry("gantry.dev/role", "canary");
  }

  @Test
  void modelAndRuntimeSettingsBecomeTheServersEnvironment() {
    RuntimeSpec runtime = new RuntimeSpec();
    runtime.executionProviders = List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU);
    runtime.graphOptimizationLevel = GraphOptimizationLevel.disabled;
    runtime.intraOpThreads = 4;
    runtime.interOpThreads = 2;
    runtime.batching = new BatchingSpec();
    runtime.batching.maxBatchSize = 64;
    runtime.batching.maxDelayMillis = 5;
    isvc.getSpec().runtime = runtime;
    isvc.getSpec().inputValidation = InputValidation.Warn;
    Map<String, String> env =
        env(stable().getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env)
        .containsEntry("GANTRY_MODEL_URI", "s3://models/fraud/7/model.onnx")
        .containsEntry("GANTRY_MODEL_SHA256", InferenceServices.SHA)
        .containsEntry("GANTRY_MODEL_NAME", "fraud")
        .containsEntry("GANTRY_MODEL_VERSION", "7")
        .containsEntry("GANTRY_WORK_DIR", "/work")
        .containsEntry("GANTRY_SESSION_EXECUTION_PROVIDERS", "CUDA,CPU")
        .containsEntry("GANTRY_SESSION_OPTIMIZATION_LEVEL", "disable")
        .containsEntry("GANTRY_SESSION_INTRA_OP_THREADS", "4")
        .containsEntry("GANTRY_SESSION_INTER_OP_THREADS", "2")
        .containsEntry("GANTRY_BATCHING_ENABLED", "true")
        .containsEntry("GANTRY_BATCHING_MAX_BATCH_SIZE", "64")
        .containsEntry("GANTRY_BATCHING_MAX_DELAY", "5ms")
        .containsEntry("GANTRY_VALIDATION_MODE", "Warn");
  }

  @Test
  void batchSizeOneTurnsBatchingOff() {
    isvc.getSpec().runtime = new RuntimeSpec();
    isvc.getSpec().runtime.batching = new BatchingSpec();
    isvc.getSpec().runtime.batching.maxBatchSize = 1;
    assertThat(env(stable().getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("GANTRY_BATCHING_ENABLED", "false");
  }

  @Test
  void imageComesFromConfigUnlessTheSpecNamesOne() {
    assertThat(stable().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/gantry/inference:0.1.0");
    isvc.getSpec().runtime = new RuntimeSpec();
    isvc.getSpec().runtime.image = "registry.example.com/own:2";
    assertThat(stable().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/own:2");
  }

  @Test
  void podIsRestrictedNonRootWithAWritableWorkDirOnly() {
    var pod = stable().getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(c.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/work"));
  }

  @Test
  void probesUseTheServersHealthEndpoints() {
    Container c = stable().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/live");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/v2/health/live");
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "grpc:8081");
  }

  @Test
  void pvcModelIsMountedReadOnlyWhereTheServerLooks() {
    mv.getSpec().storageUri = "pvc://models/fraud/7/model.onnx";
    var pod = stable().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("models");
              assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
            });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/mnt/pvc/models"));
  }

  @Test
  void resourcesDefaultRequestsToLimitsAndAlwaysRequestCpu() {
    var none = InferenceServiceResources.resources(null);
    assertThat(none.getRequests()).containsKeys("cpu", "memory");
    assertThat(none.getLimits()).isNull();
    var spec = new dev.gantry.api.v1alpha1.common.ResourceSpec();
    spec.limits = Map.of("cpu", new Quantity("2"), "nvidia.com/gpu", new Quantity("1"));
    var gpu = InferenceServiceResources.resources(spec);
    assertThat(gpu.getRequests())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
  }

  @Test
  void overlayPlacesThePods() {
    PodTemplateOverlay overlay = new PodTemplateOverlay();
    overlay.nodeSelector = Map.of("gpu", "a100");
    overlay.labels = Map.of("team", "risk");
    overlay.serviceAccountName = "fraud-sa";
    isvc.getSpec().podTemplate = overlay;
    var template = stable().getSpec().getTemplate();
    assertThat(template.getSpec().getNodeSelector()).containsEntry("gpu", "a100");
    assertThat(template.getMetadata().getLabels()).containsEntry("team", "risk");
    assertThat(template.getSpec().getServiceAccountName()).isEqualTo("fraud-sa");
  }

  @Test
  void serviceSelectsStableAndCanaryPodsOnBothPorts() {
    var svc = InferenceServiceResources.service(isvc);
    assertThat(svc.getMetadata().getName()).isEqualTo("fraud");
    assertThat(svc.getSpec().getSelector())
        .containsExactly(Map.entry("gantry.dev/inferenceservice", "fraud"));
    assertThat(svc.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("http:8080", "grpc:8081");
  }

  @Test
  void autoscalerScalesTheStableDeploymentBetweenMinAndMax() {
    isvc.getSpec().minReplicas = 2;
    isvc.getSpec().maxReplicas = 6;
    isvc.getSpec().scaleMetric = ScaleMetric.memory;
    isvc.getSpec().scaleTarget = 80;
    var hpa = InferenceServiceResources.autoscaler(isvc);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("fraud-predictor");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("memory");
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
        .isEqualTo(80);
  }

  @Test
  void disruptionBudgetLetsOnePodGoAtATime() {
    var pdb = InferenceServiceResources.disruptionBudget(isvc);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .containsEntry("gantry.dev/inferenceservice", "fraud");
  }

  @Test
  void everyChildIsOwnedByTheInferenceService() {
    assertThat(
            List.of(
                stable(),
                InferenceServiceResources.service(isvc),
                InferenceServiceResources.autoscaler(isvc),
                InferenceServiceResources.disruptionBudget(isvc)))
        .allSatisfy(
            r -> {
              assertThat(r.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      o -> {
                        assertThat(o.getUid()).isEqualTo("uid-fraud");
                        assertThat(o.getController()).isTrue();
                      });
              assertThat(r.getMetadata().getLabels())
                  .containsEntry("gantry.dev/inferenceservice", "fraud");
            });
  }

  private static SecuritySpec tokenFrom(String secret, String key) {
    SecuritySpec security = new SecuritySpec();
    security.auth = new AuthSpec();
    security.auth.tokenSecretRef = new SecretKeyRef();
    security.auth.tokenSecretRef.name = secret;
    security.auth.tokenSecretRef.key = key;
    return security;
  }

  @Test
  void authMountsTheTokenSecretReadOnlyAndPointsTheServerAtIt() {
    isvc.getSpec().security = tokenFrom("fraud-api-token", "api-token");
    for (Deployment d :
        List.of(
            stable(),
            InferenceServiceResources.deployment(
                isvc,
                modelVersion("fraud-8", "8", true),
                Role.canary,
                Optional.of(1),
                inference()))) {
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getVolumes())
          .filteredOn(v -> v.getSecret() != null)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.getName()).isEqualTo("gantry-auth-token");
                assertThat(v.getSecret().getSecretName()).isEqualTo("fraud-api-token");
                assertThat(v.getSecret().getItems())
                    .singleElement()
                    .satisfies(
                        i -> {
                          assertThat(i.getKey()).isEqualTo("api-token");
                          assertThat(i.getPath()).isEqualTo("token");
                        });
                assertThat(v.getSecret().getOptional())
                    .as("a missing Secret holds the pod")
                    .isNull();
              });
      Container c = pod.getContainers().get(0);
      assertThat(c.getVolumeMounts())
          .filteredOn(m -> m.getName().equals("gantry-auth-token"))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/gantry/auth");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(env(c))
          .containsEntry("GANTRY_AUTH_TOKEN_FILE", "/var/run/secrets/gantry/auth/token");
    }
  }

  @Test
  void authKeyDefaultsToToken() {
    isvc.getSpec().security = tokenFrom("fraud-api-token", null);
    assertThat(stable().getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getItems().get(0).getKey()).isEqualTo("token"));
  }

  @Test
  void withoutAuthNoTokenVolumeMountOrEnvironment() {
    isvc.getSpec().security = new SecuritySpec();
    var pod = stable().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .noneMatch(m -> m.getMountPath().startsWith("/var/run/secrets/gantry"));
    assertThat(env(pod.getContainers().get(0))).doesNotContainKey("GANTRY_AUTH_TOKEN_FILE");
  }

  @Test
  void hashIsStableAndFollowsTheSpec() {
    String first = InferenceServiceResources.hashOf(stable()).orElseThrow();
    assertThat(InferenceServiceResources.hashOf(stable())).contains(first);
    isvc.getSpec().inputValidation = InputValidation.Off;
    assertThat(InferenceServiceResources.hashOf(stable())).isNotEqualTo(Optional.of(first));
  }
}
