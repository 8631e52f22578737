package dev.gantry.inference.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class InferenceMetricsTest {

  @Test
  void forgetRemovesOnlyTheWarmUpMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InferenceMetrics metrics = new InferenceMetrics(registry);
    metrics.register("fraud");
    metrics.request(InferenceMetrics.WARM_UP_MODEL, "rest", "success", 1_000);
    metrics.run(InferenceMetrics.WARM_UP_MODEL, 0, 1_000, 1);
    assertThat(registry.find("gantry.inference.requests").tag("model", "gantry-warm-up").meters())
        .isNotEmpty();

    metrics.forget(InferenceMetrics.WARM_UP_MODEL);

    assertThat(registry.getMeters())
        .isNotEmpty()
        .allMatch(m -> "fraud".equals(m.getId().getTag("model")));
    metrics.request("fraud", "rest", "success", 1_000);
    assertThat(
            registry
                .find("gantry.inference.requests")
                .tags("model", "fraud", "outcome", "success", "protocol", "rest")
                .counter()
                .count())
        .isEqualTo(1);
  }
}
