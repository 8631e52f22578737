package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayApiResourcesTest {
  private final InferenceService isvc = isvc("fraud", "fraud-7");

  @Test
  void routeAttachesToTheServiceAndWeighsTheCanaryByItsStep() {
    HTTPRoute route = GatewayApiResources.route(isvc, 20);
    assertThat(route.getMetadata().getName()).isEqualTo("fraud");
    assertThat(route.getSpec().getParentRefs())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getKind()).isEqualTo("Service");
              assertThat(p.getGroup()).isEmpty();
              assertThat(p.getName()).isEqualTo("fraud");
            });
    assertThat(route.getSpec().getRules().get(0).getBackendRefs())
        .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fraud-stable", 80),
            org.assertj.core.groups.Tuple.tuple("fraud-canary", 20));
    assertThat(route.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-fraud"));
  }

  @Test
  void withoutACanaryAllTrafficGoesToStable() {
    assertThat(GatewayApiResources.route(isvc, 0).getSpec().getRules().get(0).getBackendRefs())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getName()).isEqualTo("fraud-stable");
              assertThat(b.getWeight()).isEqualTo(100);
            });
  }

  @Test
  void roleServicesSelectOneRoleEach() {
    assertThat(GatewayApiResources.service(isvc, Role.canary).getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("gantry.dev/inferenceservice", "fraud", "gantry.dev/role", "canary"));
    assertThat(GatewayApiResources.service(isvc, Role.stable).getMetadata().getName())
        .isEqualTo("fraud-stable");
  }

  @Test
  void routeHashFollowsTheWeight() {
    assertThat(InferenceServiceResources.hashOf(GatewayApiResources.route(isvc, 20)))
        .isNotEqualTo(InferenceServiceResources.hashOf(GatewayApiResources.route(isvc, 50)));
  }
}
