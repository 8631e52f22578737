package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reclaimer finds Kueue through API discovery on a real API server. */
class KueueDetectionIT {
  @Test
  void detectsKueueOnceItsApiGroupIsServed() {
    KubernetesClient client = TestApiServer.client();
    IdleReclaimer reclaimer =
        new IdleReclaimer(
            client,
            ReclaimSettings.defaults(Duration.ofSeconds(30)),
            Optional.empty(),
            new GpuMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC());
    CustomResourceDefinition workloads =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("workloads.kueue.x-k8s.io")
            .endMetadata()
            .withNewSpec()
            .withGroup("kueue.x-k8s.io")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Workload")
            .withPlural("workloads")
            .withSingular("workload")
            .endNames()
            .addNewVersion()
            .withName("v1beta1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    try {
      assertThat(reclaimer.kueueInstalled()).isFalse();
      client.resource(workloads).create();
      await().atMost(Duration.ofSeconds(30)).until(reclaimer::kueueInstalled);
    } finally {
      client.resource(workloads).delete();
    }
  }
}
