package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServiceTestSupport.condition;
import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.inferenceservice.AuthSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPeer;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPolicySpec;
import dev.gantry.api.v1alpha1.inferenceservice.SecretKeyRef;
import dev.gantry.api.v1alpha1.inferenceservice.SecuritySpec;
import dev.gantry.api.v1alpha1.inferenceservice.TrafficSplit;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler on a real kube-apiserver. No controller manager runs there, so the tests play the
 * Deployment controller's part by writing Deployment status.
 */
class InferenceServiceReconcilerIT {
  private static final String NS = "inferenceservice-reconciler-it";

  private static KubernetesClient client;
  private static InferenceServiceTestSupport support;
  private static RunningInferenceOperator operator;

  @BeforeAll
  static void startOperator() {
    client = TestApiServer.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    support = new InferenceServiceTestSupport(client, NS);
    operator = RunningInferenceOperator.start(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** Plays the Deployment controller: every replica of the current template is ready. */
  private static void deploymentRolledOut(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> support.deployment(name) != null);
    Deployment d = support.deployment(name);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .build());
    client.resource(d).updateStatus();
  }

  private static Map<String, String> resourceVersions(String name) {
    Map<String, String> versions = new LinkedHashMap<>();
    List<HasMetadata> all =
        List.of(
            support.get(name),
            support.deployment(name + "-predictor"),
            client.services().inNamespace(NS).withName(name).get(),
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .withName(name)
                .get(),
            client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get());
    all.forEach(
        r ->
            versions.put(
                r.getKind() + "/" + r.getMetadata().getName(),
                r.getMetadata().getResourceVersion()));
    return versions;
  }

  @Test
  void validatedVersionGetsItsChildrenAndGoesReadyWhenTheDeploymentIs() {
    support.createModelVersion("fraud-7", "7", true);
    support.create(isvc("fraud", "fraud-7"));

    InferenceService progressing =
        support.awaitPhase("fraud", InferenceServicePhase.Progressing, 30);
    assertThat(progressing.getStatus().modelVersion).isEqualTo("fraud-7");
    assertThat(condition(progressing, "ModelResolved").getStatus()).isEqualTo("True");
    assertThat(client.services().inNamespace(NS).withName("fraud").get()).isNotNull();
    assertThat(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .withName("fraud")
                .get())
        .isNotNull();
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("fraud").get())
        .isNotNull();

    deploymentRolledOut("fraud-predictor");
    InferenceService ready = support.awaitPhase("fraud", InferenceServicePhase.Ready, 30);
    assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(ready, "PredictorReady").getReason()).isEqualTo("Available");
    assertThat(ready.getStatus().readyReplicas).isEqualTo(1);
    assertThat(ready.getStatus().url)
        .isEqualTo("http://fraud." + NS + ".svc.cluster.local:8080/v2/models/fraud");
    assertThat(ready.getStatus().trafficSplit).isEqualTo(TrafficSplit.ReplicaRatio);
    assertThat(ready.getStatus().observedGeneration).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(support.events("fraud")).anyMatch(e -> e.startsWith("Normal Serving"));
  }

  /**
   * Once steady, reconciles write nothing: a restarted operator reconciles every object again and
   * neither the InferenceService nor any child changes (no duplicates, no update loops); applying
   * the user's manifest again is a no-op, because the operator never writes the spec.
   */
  @Test
  void secondReconcileAndOperatorRestartChangeNothing() throws Exception {
    support.createModelVersion("steady-1", "1", true);
    applyManifest();
    deploymentRolledOut("steady-predictor");
    support.awaitPhase("steady", InferenceServicePhase.Ready, 30);
    Map<String, String> before = resourceVersions("steady");

    operator.close();
    operator = RunningInferenceOperator.start(client, NS);
    await().atMost(Duration.ofSeconds(30)).until(() -> operator.reconciles() >= 1);
    Thread.sleep(2000); // let any write the restart would cause land
    assertThat(resourceVersions("steady")).isEqualTo(before);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withLabel("gantry.dev/inferenceservice", "steady")
                .list()
                .getItems())
        .hasSize(1);

    applyManifest();
    InferenceService after = support.get("steady");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.get("InferenceService/steady"));
    assertThat(after.getMetadata().getGeneration()).isEqualTo(1L);
  }

  /** What `kubectl apply --server-side` of examples-style YAML sends. */
  private static void applyManifest() {
    InferenceService manifest = isvc("steady", "steady-1");
    manifest.getMetadata().setNamespace(NS);
    manifest.getMetadata().setUid(null);
    manifest.getMetadata().setGeneration(null);
    client.resource(manifest).fieldManager("kubectl").forceConflicts().serverSideApply();
  }

  @Test
  void unvalidatedVersionIsRefusedAndTheServedOneKeepsServing() {
    support.createModelVersion("keep-1", "1", true);
    support.create(isvc("keep", "keep-1"));
    deploymentRolledOut("keep-predictor");
    support.awaitPhase("keep", InferenceServicePhase.Ready, 30);

    support.createModelVersion("keep-2", "2", false);
    support.setModelVersion("keep", "keep-2");
    InferenceService degraded = support.awaitPhase("keep", InferenceServicePhase.Degraded, 30);
    assertThat(condition(degraded, "ModelResolved").getStatus()).isEqualTo("False");
    assertThat(condition(degraded, "ModelResolved").getReason()).isEqualTo("ModelNotValidated");
    assertThat(condition(degraded, "ModelResolved").getMessage())
        .contains("keep-2", "not validated");
    assertThat(condition(degraded, "Ready").getStatus()).isEqualTo("True");
    assertThat(degraded.getStatus().modelVersion).isEqualTo("keep-1");
    assertThat(degraded.getStatus().canary).isNull();
    assertThat(ServingDeployments.version(support.deployment("keep-predictor"))).contains("keep-1");
    assertThat(support.deployment("keep-canary")).isNull();

    // Validation passes later: the ModelVersion's status change alone triggers the switch.
    support.setValidated("keep-2", true);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(support.get("keep").getStatus().modelVersion).isEqualTo("keep-2"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ServingDeployments.version(support.deployment("keep-predictor")))
                    .contains("keep-2"));
  }

  @Test
  void neverValidatedFirstVersionServesNothing() {
    support.createModelVersion("new-1", "1", false);
    support.create(isvc("new", "new-1"));
    InferenceService pending = support.awaitPhase("new", InferenceServicePhase.Pending, 30);
    assertThat(condition(pending, "ModelResolved").getReason()).isEqualTo("ModelNotValidated");
    assertThat(condition(pending, "Ready").getStatus()).isEqualTo("False");
    assertThat(pending.getStatus().modelVersion).isNull();
    assertThat(support.deployment("new-predictor")).isNull();
  }

  @Test
  void overlayTheApiServerRefusesFailsWithItsMessageInsteadOfRetrying() {
    support.createModelVersion("broken-1", "1", true);
    InferenceService isvc = isvc("broken", "broken-1");
    isvc.getSpec().podTemplate = new PodTemplateOverlay();
    isvc.getSpec().podTemplate.volumeMounts =
        List.of(new VolumeMountBuilder().withName("missing").withMountPath("/data").build());
    support.create(isvc);

    InferenceService failed = support.awaitPhase("broken", InferenceServicePhase.Failed, 30);
    assertThat(condition(failed, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(failed, "Ready").getMessage()).contains("missing");
    assertThat(support.events("broken")).anyMatch(e -> e.startsWith("Warning InvalidSpec"));
  }

  @Test
  void movingTheAliasServesTheVersionThatNowCarriesIt() {
    support.createModelVersion("alias-1", "1", true);
    support.createModelVersion("alias-2", "2", true);
    setAliases("alias-1", "champion");
    InferenceService isvc = isvc("alias", null);
    isvc.getSpec().modelVersion = null;
    isvc.getSpec().modelRef = new ModelRef();
    isvc.getSpec().modelRef.modelName = "alias";
    isvc.getSpec().modelRef.alias = "champion";
    support.create(isvc);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(support.get("alias").getStatus())
                    .isNotNull()
                    .extracting(st -> st.modelVersion)
                    .isEqualTo("alias-1"));

    // A ModelVersion change alone (no InferenceService change) moves the service.
    setAliases("alias-1");
    setAliases("alias-2", "champion");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(support.get("alias").getStatus().modelVersion).isEqualTo("alias-2"));
    assertThat(condition(support.get("alias"), "ModelResolved").getMessage())
        .contains("alias-2", "alias champion of model alias");
  }

  private static NetworkPolicy networkPolicy(String name) {
    return client.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
  }

  private static void setNetworkPolicyEnabled(String name, boolean enabled) {
    client
        .resources(InferenceService.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            i -> {
              i.getSpec().security.networkPolicy.enabled = enabled;
              return i;
            });
  }

  /**
   * The NetworkPolicy exists before any pod (here: while the version is not yet validated), is
   * deleted when the spec turns it off and comes back when it turns it on again; the token Secret
   * is mounted without the operator ever reading it (no Secret exists here at all).
   */
  @Test
  void enablingTheNetworkPolicyCreatesItAndDisablingItDeletesIt() {
    support.createModelVersion("guarded-1", "1", false);
    InferenceService isvc = isvc("guarded", "guarded-1");
    isvc.getSpec().security = new SecuritySpec();
    isvc.getSpec().security.auth = new AuthSpec();
    isvc.getSpec().security.auth.tokenSecretRef = new SecretKeyRef();
    isvc.getSpec().security.auth.tokenSecretRef.name = "guarded-token";
    isvc.getSpec().security.networkPolicy = new NetworkPolicySpec();
    isvc.getSpec().security.networkPolicy.enabled = true;
    NetworkPeer checkout = new NetworkPeer();
    checkout.podSelector =
        new LabelSelectorBuilder().withMatchLabels(Map.of("app", "checkout")).build();
    isvc.getSpec().security.networkPolicy.ingressFrom = List.of(checkout);
    support.create(isvc);

    await().atMost(Duration.ofSeconds(30)).until(() -> networkPolicy("guarded") != null);
    assertThat(support.awaitPhase("guarded", InferenceServicePhase.Pending, 30).getStatus())
        .isNotNull();
    assertThat(support.deployment("guarded-predictor")).as("no pod before its policy").isNull();
    NetworkPolicy np = networkPolicy("guarded");
    assertThat(np.getMetadata().getLabels())
        .containsEntry("gantry.dev/inferenceservice", "guarded");
    assertThat(np.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("guarded"));
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("gantry.dev/inferenceservice", "guarded"));
    assertThat(np.getSpec().getIngress()).hasSize(3);
    // The CRD's default scraper and the operator's own pods, after the callers.
    assertThat(
            np.getSpec()
                .getIngress()
                .get(1)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
    assertThat(
            np.getSpec()
                .getIngress()
                .get(2)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "gantry-system");

    support.setValidated("guarded-1", true);
    deploymentRolledOut("guarded-predictor");
    support.awaitPhase("guarded", InferenceServicePhase.Ready, 30);
    assertThat(
            support.deployment("guarded-predictor").getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("guarded-token"));
    // The reconciles the Deployment's status caused did not apply the policy again.
    String applied = networkPolicy("guarded").getMetadata().getResourceVersion();
    assertThat(applied).isEqualTo(np.getMetadata().getResourceVersion());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> networkPolicy("guarded").getMetadata().getResourceVersion().equals(applied));

    setNetworkPolicyEnabled("guarded", false);
    await().atMost(Duration.ofSeconds(30)).until(() -> networkPolicy("guarded") == null);
    assertThat(support.get("guarded").getStatus().phase).isEqualTo(InferenceServicePhase.Ready);

    setNetworkPolicyEnabled("guarded", true);
    await().atMost(Duration.ofSeconds(30)).until(() -> networkPolicy("guarded") != null);
    assertThat(networkPolicy("guarded").getMetadata().getResourceVersion()).isNotEqualTo(applied);
    assertThat(networkPolicy("guarded").getSpec().getIngress()).hasSize(3);
  }

  private static void setAliases(String modelVersion, String... aliases) {
    client
        .resources(ModelVersion.class)
        .inNamespace(NS)
        .withName(modelVersion)
        .edit(
            mv -> {
              mv.getSpec().aliases = List.of(aliases);
              return mv;
            });
  }

  private static InferenceService withSteps(InferenceService isvc, boolean analysis) {
    isvc.getSpec().rollout = InferenceServices.rolloutSpec("10s", List.of(50, 100));
    if (!analysis) {
      isvc.getSpec().rollout.analysis = null;
    }
    return isvc;
  }

  /** Without Prometheus, a rollout that asks for analysis holds its first step and says why. */
  @Test
  void withoutPrometheusARolloutThatAsksForAnalysisHoldsItsFirstStep() {
    support.createModelVersion("hold-1", "1", true);
    support.createModelVersion("hold-2", "2", true);
    support.create(withSteps(isvc("hold", "hold-1"), true));
    deploymentRolledOut("hold-predictor");
    support.awaitPhase("hold", InferenceServicePhase.Ready, 30);

    support.setModelVersion("hold", "hold-2");
    deploymentRolledOut("hold-canary");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(support.get("hold"), "CanaryReady").getReason())
                    .isEqualTo("AnalysisUnavailable"));
    InferenceService holding = support.get("hold");
    assertThat(condition(holding, "CanaryReady").getMessage())
        .contains("no Prometheus is configured");
    assertThat(holding.getStatus().canary.step).isZero();
    assertThat(holding.getStatus().modelVersion).isEqualTo("hold-1");
    assertThat(holding.getStatus().phase).isEqualTo(InferenceServicePhase.Progressing);
  }

  /** Without analysis limits, a rollout walks its steps on the canary's readiness and time. */
  @Test
  void rolloutWithoutAnalysisPromotesOnReadinessAndTime() {
    support.createModelVersion("plain-1", "1", true);
    support.createModelVersion("plain-2", "2", true);
    support.create(withSteps(isvc("plain", "plain-1"), false));
    deploymentRolledOut("plain-predictor");
    support.awaitPhase("plain", InferenceServicePhase.Ready, 30);

    support.setModelVersion("plain", "plain-2");
    deploymentRolledOut("plain-canary");
    await()
        .atMost(Duration.ofSeconds(40))
        .untilAsserted(
            () -> assertThat(support.get("plain").getStatus().modelVersion).isEqualTo("plain-2"));
    assertThat(support.deployment("plain-canary"))
        .as("kept until the predictor rolled")
        .isNotNull();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ServingDeployments.version(support.deployment("plain-predictor"))
                    .equals(java.util.Optional.of("plain-2")));
    deploymentRolledOut("plain-predictor");
    await().atMost(Duration.ofSeconds(30)).until(() -> support.deployment("plain-canary") == null);
    assertThat(support.awaitPhase("plain", InferenceServicePhase.Ready, 30).getStatus().canary)
        .isNull();
  }
}
