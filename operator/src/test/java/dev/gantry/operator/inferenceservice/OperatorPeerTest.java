package dev.gantry.operator.inferenceservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.operator.config.GantryConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorPeerTest {
  private static GantryConfig.Operator config(String namespace, List<String> labels) {
    return new GantryConfig.Operator() {
      @Override
      public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
      }

      @Override
      public List<String> podLabels() {
        return labels;
      }
    };
  }

  @Test
  void namespaceAndLabelsFromTheSettingsInTheirOrder() {
    OperatorPeer peer =
        OperatorPeer.from(
                config(
                    "gantry-system",
                    List.of(
                        "app.kubernetes.io/name=gantry",
                        " app.kubernetes.io/component = operator")))
            .orElseThrow();
    assertThat(peer.namespace()).isEqualTo("gantry-system");
    assertThat(peer.podLabels())
        .containsExactly(
            Map.entry("app.kubernetes.io/name", "gantry"),
            Map.entry("app.kubernetes.io/component", "operator"));
  }

  @Test
  void noPeerWithoutANamespace() {
    assertThat(OperatorPeer.from(config(null, List.of("a=b")))).isEmpty();
    assertThat(OperatorPeer.from(config(" ", List.of("a=b")))).isEmpty();
  }

  @Test
  void aLabelWithoutValueIsAConfigurationError() {
    assertThatThrownBy(() -> OperatorPeer.from(config("ns", List.of("gantry"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gantry.operator.pod-labels: 'gantry' is not key=value");
  }
}
