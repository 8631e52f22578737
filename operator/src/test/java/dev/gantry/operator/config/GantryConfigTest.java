package dev.gantry.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator settings as SmallRye Config maps them, the chart's environment as a source. */
class GantryConfigTest {
  private static GantryConfig.Operator operator(Map<String, String> env) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            // Expression expansion among them, as Quarkus builds its config.
            .addDefaultInterceptors()
            .withMapping(GantryConfig.class)
            .withSources(new PropertiesConfigSource(env, "env", 300))
            .build();
    return config.getConfigMapping(GantryConfig.class).operator();
  }

  @Test
  void operatorNamespaceIsTheOneTheChartSetsForThePod() {
    GantryConfig.Operator operator = operator(Map.of("KUBERNETES_NAMESPACE", "gantry-system"));
    assertThat(operator.namespace()).contains("gantry-system");
    assertThat(operator.podLabels())
        .containsExactly("app.kubernetes.io/name=gantry", "app.kubernetes.io/component=operator");
  }

  @Test
  void outsideTheClusterThereIsNoOperatorNamespace() {
    assertThat(operator(Map.of()).namespace()).isEmpty();
  }

  @Test
  void podLabelsAreACommaSeparatedList() {
    assertThat(
            operator(
                    Map.of(
                        "gantry.operator.pod-labels",
                        "app.kubernetes.io/name=gantry,app.kubernetes.io/instance=prod"))
                .podLabels())
        .containsExactly("app.kubernetes.io/name=gantry", "app.kubernetes.io/instance=prod");
  }
}
