package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.OPERATOR;
import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.IpBlock;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPeer;
import dev.gantry.api.v1alpha1.inferenceservice.NetworkPolicySpec;
import dev.gantry.api.v1alpha1.inferenceservice.SecuritySpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkPolicyResourcesTest {
  private final InferenceService isvc = isvc("fraud", "fraud-7");

  private NetworkPolicySpec enable() {
    isvc.getSpec().security = new SecuritySpec();
    isvc.getSpec().security.networkPolicy = new NetworkPolicySpec();
    isvc.getSpec().security.networkPolicy.enabled = true;
    return isvc.getSpec().security.networkPolicy;
  }

  private NetworkPolicy policy() {
    return NetworkPolicyResources.networkPolicy(isvc, Optional.of(OPERATOR)).orElseThrow();
  }

  private static NetworkPeer pods(String app) {
    NetworkPeer peer = new NetworkPeer();
    peer.podSelector = new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build();
    return peer;
  }

  private static NetworkPeer namespace(String name) {
    NetworkPeer peer = new NetworkPeer();
    peer.namespaceSelector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("kubernetes.io/metadata.name", name))
            .build();
    return peer;
  }

  private static List<Integer> ports(NetworkPolicyIngressRule rule) {
    return rule.getPorts().stream()
        .peek(p -> assertThat(p.getProtocol()).isEqualTo("TCP"))
        .map(p -> p.getPort().getIntVal())
        .toList();
  }

  @Test
  void noneUnlessEnabled() {
    assertThat(NetworkPolicyResources.networkPolicy(isvc, Optional.of(OPERATOR))).isEmpty();
    isvc.getSpec().security = new SecuritySpec();
    assertThat(NetworkPolicyResources.networkPolicy(isvc, Optional.of(OPERATOR))).isEmpty();
    isvc.getSpec().security.networkPolicy = new NetworkPolicySpec();
    assertThat(NetworkPolicyResources.networkPolicy(isvc, Optional.of(OPERATOR))).isEmpty();
    isvc.getSpec().security.networkPolicy.enabled = false;
    isvc.getSpec().security.networkPolicy.ingressFrom = List.of(pods("checkout"));
    assertThat(NetworkPolicyResources.networkPolicy(isvc, Optional.of(OPERATOR))).isEmpty();
    assertThat(NetworkPolicyResources.enabled(isvc)).isFalse();
  }

  @Test
  void selectsStableAndCanaryPodsForIngressOnly() {
    enable();
    NetworkPolicy np = policy();
    assertThat(np.getMetadata().getName()).isEqualTo("fraud");
    assertThat(np.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("gantry.dev/inferenceservice", "fraud"));
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(np.getSpec().getEgress()).isNullOrEmpty();
  }

  @Test
  void ownedAndLabelledLikeTheOtherChildren() {
    enable();
    NetworkPolicy np = policy();
    assertThat(np.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo("uid-fraud");
              assertThat(o.getController()).isTrue();
            });
    assertThat(np.getMetadata().getLabels())
        .containsEntry("gantry.dev/inferenceservice", "fraud")
        .containsEntry("app.kubernetes.io/managed-by", "gantry");
    String hash = InferenceServiceResources.hashOf(np).orElseThrow();
    assertThat(InferenceServiceResources.hashOf(policy())).contains(hash);
    isvc.getSpec().security.networkPolicy.ingressFrom = List.of(pods("checkout"));
    assertThat(InferenceServiceResources.hashOf(policy())).isNotEqualTo(Optional.of(hash));
  }

  @Test
  void callersGetTheInferencePortsScrapersAndTheOperatorTheRestPort() {
    enable().ingressFrom = List.of(pods("checkout"), namespace("payments"));
    List<NetworkPolicyIngressRule> rules = policy().getSpec().getIngress();
    assertThat(rules).hasSize(3);

    NetworkPolicyIngressRule callers = rules.get(0);
    assertThat(ports(callers)).containsExactly(8080, 8081);
    assertThat(callers.getFrom())
        .extracting(NetworkPolicyPeer::getPodSelector)
        .first()
        .satisfies(
            s -> assertThat(s.getMatchLabels()).containsExactly(Map.entry("app", "checkout")));
    assertThat(callers.getFrom().get(0).getNamespaceSelector()).isNull();
    assertThat(callers.getFrom().get(1).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "payments"));

    NetworkPolicyIngressRule scrapers = rules.get(1);
    assertThat(ports(scrapers)).containsExactly(8080);
    assertThat(scrapers.getFrom())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .as("the default scraper: the namespace monitoring")
                  .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
              assertThat(p.getPodSelector()).isNull();
            });

    NetworkPolicyIngressRule operator = rules.get(2);
    assertThat(ports(operator)).containsExactly(8080);
    assertThat(operator.getFrom())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .containsExactly(Map.entry("kubernetes.io/metadata.name", "gantry-system"));
              assertThat(p.getPodSelector().getMatchLabels())
                  .containsExactly(
                      Map.entry("app.kubernetes.io/name", "gantry"),
                      Map.entry("app.kubernetes.io/instance", "gantry"),
                      Map.entry("app.kubernetes.io/component", "operator"));
            });
  }

  @Test
  void peersAreCopiedFieldByField() {
    NetworkPeer both = pods("prometheus");
    both.namespaceSelector = namespace("monitoring").namespaceSelector;
    NetworkPeer subnet = new NetworkPeer();
    subnet.ipBlock = new IpBlock();
    subnet.ipBlock.cidr = "10.20.0.0/16";
    subnet.ipBlock.except = List.of("10.20.5.0/24");
    NetworkPolicySpec spec = enable();
    spec.ingressFrom = List.of(subnet);
    spec.metricsFrom = List.of(both);
    List<NetworkPolicyIngressRule> rules = policy().getSpec().getIngress();
    NetworkPolicyPeer ip = rules.get(0).getFrom().get(0);
    assertThat(ip.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
    assertThat(ip.getIpBlock().getExcept()).containsExactly("10.20.5.0/24");
    assertThat(ip.getPodSelector()).isNull();
    NetworkPolicyPeer scraper = rules.get(1).getFrom().get(0);
    assertThat(scraper.getPodSelector().getMatchLabels()).containsEntry("app", "prometheus");
    assertThat(scraper.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
  }

  /** A rule with an empty from would admit everyone: an empty list leaves its rule out instead. */
  @Test
  void emptyListsLeaveTheirRuleOutNeverAnEmptyFrom() {
    NetworkPolicySpec spec = enable();
    spec.ingressFrom = new ArrayList<>();
    spec.metricsFrom = new ArrayList<>();
    assertThat(policy().getSpec().getIngress())
        .singleElement()
        .satisfies(r -> assertThat(r.getFrom().get(0).getPodSelector()).isNotNull());

    NetworkPolicy alone =
        NetworkPolicyResources.networkPolicy(isvc, Optional.empty()).orElseThrow();
    assertThat(alone.getSpec().getIngress()).as("nothing admitted: deny all").isEmpty();
    assertThat(alone.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void anOperatorOutsideTheClusterGetsNoRule() {
    enable().ingressFrom = List.of(pods("checkout"));
    NetworkPolicy np = NetworkPolicyResources.networkPolicy(isvc, Optional.empty()).orElseThrow();
    assertThat(np.getSpec().getIngress()).hasSize(2);
    assertThat(np.getSpec().getIngress())
        .flatExtracting(NetworkPolicyIngressRule::getFrom)
        .noneMatch(
            p ->
                p.getNamespaceSelector() != null
                    && "gantry-system"
                        .equals(
                            p.getNamespaceSelector()
                                .getMatchLabels()
                                .get("kubernetes.io/metadata.name")));
  }
}
