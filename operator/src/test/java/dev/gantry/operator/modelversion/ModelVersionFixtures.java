package dev.gantry.operator.modelversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.inferenceservice.CanaryStatus;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** A real API server seen through one namespace: ModelVersions, their Jobs, InferenceServices. */
record ModelVersionFixtures(KubernetesClient client, String namespace) {

  /** fraud-&lt;version&gt; as a user would apply it: no uid, generation or status. */
  ModelVersion create(ModelVersion mv) {
    mv.getMetadata().setNamespace(namespace);
    mv.getMetadata().setUid(null);
    mv.getMetadata().setGeneration(null);
    mv.getMetadata().setCreationTimestamp(null);
    return client.resource(mv).create();
  }

  ModelVersion get(String name) {
    return client.resources(ModelVersion.class).inNamespace(namespace).withName(name).get();
  }

  ModelVersion awaitPhase(String name, ModelVersionPhase phase, int seconds) {
    await()
        .atMost(Duration.ofSeconds(seconds))
        .untilAsserted(
            () ->
                assertThat(get(name).getStatus())
                    .as("status of %s; events %s", name, events(name))
                    .isNotNull()
                    .extracting(s -> s.phase)
                    .isEqualTo(phase));
    return get(name);
  }

  Condition awaitCondition(String name, String type, String status, int seconds) {
    await()
        .atMost(Duration.ofSeconds(seconds))
        .untilAsserted(
            () ->
                assertThat(
                        get(name) == null || get(name).getStatus() == null
                            ? null
                            : Conditions.find(get(name).getStatus().conditions, type)
                                .map(Condition::getStatus)
                                .orElse(null))
                    .as("condition %s of %s; events %s", type, name, events(name))
                    .isEqualTo(status));
    return Conditions.find(get(name).getStatus().conditions, type).orElseThrow();
  }

  List<Job> jobsOf(String name) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("gantry.dev/modelversion", name)
        .list()
        .getItems();
  }

  Job awaitJob(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(name).size() == 1);
    return jobsOf(name).get(0);
  }

  List<String> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .toList();
  }

  /** An InferenceService of the given version; the status is the serving reconciler's part. */
  InferenceService createService(String name, String version) {
    InferenceService service = new InferenceService();
    service.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    service.setSpec(new InferenceServiceSpec());
    service.getSpec().modelVersion = version;
    return client.resource(service).create();
  }

  /** Plays the InferenceService reconciler: what it serves, stable and canary. */
  void setServing(String service, String stable, String canary) {
    InferenceService current =
        client.resources(InferenceService.class).inNamespace(namespace).withName(service).get();
    InferenceServiceStatus status = new InferenceServiceStatus();
    status.modelVersion = stable;
    if (canary != null) {
      status.canary = new CanaryStatus();
      status.canary.modelVersion = canary;
      status.canary.trafficPercent = 10;
      status.canary.step = 0;
    }
    current.setStatus(status);
    client.resource(current).updateStatus();
  }
}
