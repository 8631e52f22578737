package dev.gantry.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServingDeploymentsTest {
  static Deployment observed(
      String version, int replicas, int updated, int ready, long gen, long seen) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("fraud-predictor")
        .withGeneration(gen)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewMetadata()
        .withAnnotations(Map.of("gantry.dev/modelversion", version))
        .endMetadata()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(seen)
        .withReplicas(Math.max(replicas, updated))
        .withUpdatedReplicas(updated)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  @Test
  void readyWhenEveryReplicaRunsTheVersionAndIsReady() {
    assertThat(
            ServingDeployments.readyAt(Optional.of(observed("fraud-7", 2, 2, 2, 3, 3)), "fraud-7"))
        .isTrue();
  }

  @Test
  void notReadyForAnotherVersionAStaleGenerationOrUnreadyPods() {
    assertThat(
            ServingDeployments.readyAt(Optional.of(observed("fraud-7", 2, 2, 2, 3, 3)), "fraud-8"))
        .isFalse();
    assertThat(
            ServingDeployments.readyAt(Optional.of(observed("fraud-7", 2, 2, 2, 4, 3)), "fraud-7"))
        .isFalse();
    assertThat(
            ServingDeployments.readyAt(Optional.of(observed("fraud-7", 2, 1, 2, 3, 3)), "fraud-7"))
        .isFalse();
    assertThat(
            ServingDeployments.readyAt(Optional.of(observed("fraud-7", 2, 2, 1, 3, 3)), "fraud-7"))
        .isFalse();
    assertThat(ServingDeployments.readyAt(Optional.empty(), "fraud-7")).isFalse();
  }

  @Test
  void canaryReplicasApproximateTheTrafficShareBesideTheStablePods() {
    assertThat(ServingDeployments.canaryReplicas(10, 9, 20)).isEqualTo(1);
    assertThat(ServingDeployments.canaryReplicas(50, 4, 20)).isEqualTo(4);
    assertThat(ServingDeployments.canaryReplicas(25, 6, 20)).isEqualTo(2);
    assertThat(ServingDeployments.canaryReplicas(10, 1, 4)).as("never zero").isEqualTo(1);
    assertThat(ServingDeployments.canaryReplicas(90, 4, 10))
        .as("capped at maxReplicas")
        .isEqualTo(10);
    assertThat(ServingDeployments.canaryReplicas(100, 3, 10)).isEqualTo(3);
  }
}
