package dev.gantry.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServicePhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** Creating ModelVersions and InferenceServices in a namespace and waiting on their status. */
record InferenceServiceTestSupport(KubernetesClient client, String namespace) {

  /**
   * Creates a ModelVersion and sets its status as the ModelVersion reconciler (not running here)
   * would.
   */
  ModelVersion createModelVersion(String name, String version, boolean validated) {
    ModelVersion mv = InferenceServices.modelVersion(name, version, validated);
    mv.getMetadata().setNamespace(namespace);
    mv.getMetadata().setCreationTimestamp(null);
    mv.getMetadata().setGeneration(null);
    var status = mv.getStatus();
    mv.setStatus(null);
    ModelVersion created = client.resource(mv).create();
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  void setValidated(String name, boolean validated) {
    ModelVersion mv =
        client.resources(ModelVersion.class).inNamespace(namespace).withName(name).get();
    mv.setStatus(InferenceServices.status(validated));
    client.resource(mv).updateStatus();
  }

  InferenceService create(InferenceService isvc) {
    isvc.getMetadata().setNamespace(namespace);
    isvc.getMetadata().setUid(null);
    isvc.getMetadata().setGeneration(null);
    return client.resource(isvc).create();
  }

  InferenceService get(String name) {
    return client.resources(InferenceService.class).inNamespace(namespace).withName(name).get();
  }

  void setModelVersion(String name, String modelVersion) {
    client
        .resources(InferenceService.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            i -> {
              i.getSpec().modelVersion = modelVersion;
              return i;
            });
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  InferenceService awaitPhase(String name, InferenceServicePhase phase, int seconds) {
    await()
        .atMost(Duration.ofSeconds(seconds))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s; events %s", name, events(name))
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  static Condition condition(InferenceService isvc, String type) {
    return Conditions.find(isvc.getStatus().conditions, type).orElseThrow();
  }

  List<String> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }
}
