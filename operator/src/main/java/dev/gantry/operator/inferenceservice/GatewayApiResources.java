package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.operator.common.OwnerReferences;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact traffic split where the Gateway API is installed: one Service per role and an HTTPRoute
 * attached to the InferenceService's Service (the Gateway API's mesh binding, GAMMA), whose backend
 * weights are the canary's step. Pure builders, like {@link InferenceServiceResources}.
 */
public final class GatewayApiResources {
  private GatewayApiResources() {}

  /** {@code <name>-stable} or {@code <name>-canary}: the pods of one role, REST port only. */
  public static String roleService(InferenceService isvc, Role role) {
    return isvc.getMetadata().getName() + "-" + role.name();
  }

  public static Service service(InferenceService isvc, Role role) {
    Map<String, String> selector = new LinkedHashMap<>(InferenceServiceNames.selector(isvc));
    selector.put(InferenceServiceNames.ROLE, role.name());
    Map<String, String> labels = new LinkedHashMap<>(InferenceServiceNames.labels(isvc));
    labels.put(InferenceServiceNames.ROLE, role.name());
    Service service =
        new ServiceBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(roleService(isvc, role))
                    .withNamespace(isvc.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(owner(isvc))
                    .build())
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(selector)
            .addNewPort()
            .withName("http")
            .withPort(InferenceServiceNames.HTTP_PORT)
            .withTargetPort(new IntOrString("http"))
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build();
    return InferenceServiceResources.withHash(service);
  }

  /**
   * The route of the InferenceService's Service: {@code canaryPercent} to the canary's pods, the
   * rest to the stable ones. Without a canary (percent 0) the canary backend is left out.
   */
  public static HTTPRoute route(InferenceService isvc, int canaryPercent) {
    List<HTTPBackendRef> backends = new ArrayList<>();
    backends.add(backend(isvc, Role.stable, 100 - canaryPercent));
    if (canaryPercent > 0) {
      backends.add(backend(isvc, Role.canary, canaryPercent));
    }
    HTTPRoute route =
        new HTTPRouteBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(InferenceServiceNames.service(isvc))
                    .withNamespace(isvc.getMetadata().getNamespace())
                    .withLabels(InferenceServiceNames.labels(isvc))
                    .withOwnerReferences(owner(isvc))
                    .build())
            .withNewSpec()
            .addNewParentRef()
            .withGroup("")
            .withKind("Service")
            .withName(InferenceServiceNames.service(isvc))
            .withPort(InferenceServiceNames.HTTP_PORT)
            .endParentRef()
            .addNewRule()
            .withBackendRefs(backends)
            .endRule()
            .endSpec()
            .build();
    return InferenceServiceResources.withHash(route);
  }

  private static HTTPBackendRef backend(InferenceService isvc, Role role, int weight) {
    return new HTTPBackendRefBuilder()
        .withGroup("")
        .withKind("Service")
        .withName(roleService(isvc, role))
        .withPort(InferenceServiceNames.HTTP_PORT)
        .withWeight(weight)
        .build();
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(InferenceService isvc) {
    return OwnerReferences.controller(isvc);
  }
}
