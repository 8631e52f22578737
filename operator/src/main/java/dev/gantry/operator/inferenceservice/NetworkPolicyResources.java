package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPeer;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPolicySpec;
import dev.gantry.operator.common.OwnerReferences;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The serving pods' NetworkPolicy ({@code spec.security.networkPolicy}): one per InferenceService,
 * named like its Service, selecting stable and canary pods alike, ingress only. Three rules: the
 * inference ports from {@code ingressFrom}, the metrics port from {@code metricsFrom}, the REST
 * port from the operator's pods. A rule with no peers is left out, never written with an empty
 * {@code from} (which would admit everyone). Egress is not restricted: pods download models. Pure.
 */
public final class NetworkPolicyResources {
  /** The namespace whose pods may scrape metrics when {@code metricsFrom} is unset. */
  public static final String DEFAULT_METRICS_NAMESPACE = "monitoring";

  /** Set by Kubernetes on every namespace, so a namespace can be selected by name. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private NetworkPolicyResources() {}

  /** Whether the InferenceService asks for a NetworkPolicy. */
  public static boolean enabled(InferenceService isvc) {
    return spec(isvc).map(n -> Boolean.TRUE.equals(n.enabled)).orElse(false);
  }

  /** The desired NetworkPolicy; empty when the spec does not enable one. */
  public static Optional<NetworkPolicy> networkPolicy(
      InferenceService isvc, Optional<OperatorPeer> operator) {
    if (!enabled(isvc)) {
      return Optional.empty();
    }
    NetworkPolicySpec spec = spec(isvc).orElseThrow();
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    rule(peers(spec.ingressFrom), InferenceServiceNames.HTTP_PORT, InferenceServiceNames.GRPC_PORT)
        .ifPresent(ingress::add);
    List<NetworkPolicyPeer> scrapers =
        spec.metricsFrom == null
            ? List.of(namespaceNamed(DEFAULT_METRICS_NAMESPACE))
            : peers(spec.metricsFrom);
    rule(scrapers, InferenceServiceNames.HTTP_PORT).ifPresent(ingress::add);
    // DriftMonitors (statisticsSource Pods, pvc:// baselines) GET /v2/models/... on the REST port.
    operator
        .flatMap(o -> rule(List.of(operatorPods(o)), InferenceServiceNames.HTTP_PORT))
        .ifPresent(ingress::add);

    NetworkPolicy policy =
        new NetworkPolicyBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(InferenceServiceNames.service(isvc))
                    .withNamespace(isvc.getMetadata().getNamespace())
                    .withLabels(InferenceServiceNames.labels(isvc))
                    .withOwnerReferences(OwnerReferences.controller(isvc))
                    .build())
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(InferenceServiceNames.selector(isvc))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .withIngress(ingress)
            .endSpec()
            .build();
    return Optional.of(InferenceServiceResources.withHash(policy));
  }

  private static Optional<NetworkPolicySpec> spec(InferenceService isvc) {
    return Optional.ofNullable(isvc.getSpec().security).map(s -> s.networkPolicy);
  }

  private static Optional<NetworkPolicyIngressRule> rule(
      List<NetworkPolicyPeer> from, int... ports) {
    if (from.isEmpty()) {
      return Optional.empty();
    }
    List<NetworkPolicyPort> tcp = new ArrayList<>();
    for (int port : ports) {
      tcp.add(
          new NetworkPolicyPortBuilder()
              .withProtocol("TCP")
              .withPort(new IntOrString(port))
              .build());
    }
    return Optional.of(new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(tcp).build());
  }

  private static NetworkPolicyPeer namespaceNamed(String namespace) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, namespace))
        .endNamespaceSelector()
        .build();
  }

  /** The operator's pods: both selectors in one peer, so both must match. */
  private static NetworkPolicyPeer operatorPods(OperatorPeer operator) {
    return new NetworkPolicyPeerBuilder()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, operator.namespace()))
        .endNamespaceSelector()
        .withNewPodSelector()
        .withMatchLabels(operator.podLabels())
        .endPodSelector()
        .build();
  }

  /** The spec's peers as the NetworkPolicy's: the same fields, field by field. */
  private static List<NetworkPolicyPeer> peers(List<NetworkPeer> peers) {
    if (peers == null) {
      return List.of();
    }
    return peers.stream()
        .map(
            p ->
                new NetworkPolicyPeerBuilder()
                    .withPodSelector(p.podSelector)
                    .withNamespaceSelector(p.namespaceSelector)
                    .withIpBlock(
                        p.ipBlock == null
                            ? null
                            : new IPBlockBuilder()
                                .withCidr(p.ipBlock.cidr)
                                .withExcept(p.ipBlock.except)
                                .build())
                    .build())
        .toList();
  }
}
