package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.api.v1alpha1.inferenceservice.TrafficSplit;
import dev.gantry.testing.TestApiServer;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the API server serves the Gateway API's HTTPRoute, the operator splits traffic by route
 * weights. The HTTPRoute CRD is generated here from Fabric8's Gateway API model (the real CRDs
 * cannot be downloaded in the build) and removed afterwards, so that the other tests on this API
 * server see a cluster without the Gateway API.
 */
class InferenceServiceGatewayApiIT {
  private static final String NS = "inferenceservice-gateway-it";

  private static KubernetesClient client;
  private static InferenceServiceTestSupport support;
  private static RunningInferenceOperator operator;
  private static CustomResourceDefinition crd;

  @BeforeAll
  static void start() throws IOException {
    client = TestApiServer.client();
    crd = installHttpRouteCrd();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    support = new InferenceServiceTestSupport(client, NS);
    operator = RunningInferenceOperator.start(client, NS);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (crd != null) {
      client.resource(crd).delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.resource(crd).get() == null && !client.supports(HTTPRoute.class));
    }
  }

  private static CustomResourceDefinition installHttpRouteCrd() throws IOException {
    Path dir = Files.createTempDirectory("httproute-crd");
    new CRDGenerator()
        .customResourceClasses(HTTPRoute.class)
        .forCRDVersions("v1")
        .inOutputDir(dir.toFile())
        .generate();
    File[] files = dir.toFile().listFiles();
    assertThat(files).hasSize(1);
    CustomResourceDefinition generated =
        client.apiextensions().v1().customResourceDefinitions().load(files[0]).item();
    // *.k8s.io groups need the approval annotation that the real Gateway API CRDs carry.
    generated
        .getMetadata()
        .setAnnotations(
            Map.of(
                "api-approved.kubernetes.io",
                "https://github.com/kubernetes-sigs/gateway-api/pull/2466"));
    CustomResourceDefinition created = client.resource(generated).serverSideApply();
    await().atMost(Duration.ofSeconds(30)).until(() -> client.supports(HTTPRoute.class));
    return created;
  }

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

  private static Map<String, Integer> weights(String name) {
    HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(NS).withName(name).get();
    assertThat(route).as("HTTPRoute %s", name).isNotNull();
    return route.getSpec().getRules().get(0).getBackendRefs().stream()
        .collect(Collectors.toMap(HTTPBackendRef::getName, HTTPBackendRef::getWeight));
  }

  @Test
  void canaryStepsBecomeRouteWeights() {
    support.createModelVersion("weighted-1", "1", true);
    support.createModelVersion("weighted-2", "2", true);
    InferenceService isvc = isvc("weighted", "weighted-1");
    RolloutSpec rollout = new RolloutSpec();
    rollout.steps = new ArrayList<>(List.of(20, 100));
    rollout.stepInterval = "10m";
    rollout.autoRollback = true;
    isvc.getSpec().rollout = rollout;
    support.create(isvc);
    deploymentRolledOut("weighted-predictor");
    InferenceService ready = support.awaitPhase("weighted", InferenceServicePhase.Ready, 30);
    assertThat(ready.getStatus().trafficSplit).isEqualTo(TrafficSplit.GatewayAPI);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(weights("weighted")).isEqualTo(Map.of("weighted-stable", 100)));
    assertThat(client.services().inNamespace(NS).withName("weighted-stable").get()).isNotNull();

    support.setModelVersion("weighted", "weighted-2");
    deploymentRolledOut("weighted-canary");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(weights("weighted"))
                    .isEqualTo(Map.of("weighted-stable", 80, "weighted-canary", 20)));
    assertThat(support.get("weighted").getStatus().canary.trafficPercent).isEqualTo(20);
  }
}
