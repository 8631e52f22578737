package dev.gantry.operator.idle;

import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.prometheus.PrometheusClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/** Starts the cluster-wide {@link IdleReclaimer} with the operator and stops it on shutdown. */
@ApplicationScoped
public class IdleReclaimerService {
  private IdleReclaimer reclaimer;

  void start(
      @Observes StartupEvent event,
      KubernetesClient client,
      IdleConfig config,
      GantryConfig gantry,
      PrometheusClients prometheus,
      MeterRegistry registry) {
    if (!config.enabled()) {
      return;
    }
    reclaimer =
        new IdleReclaimer(
            client,
            ReclaimSettings.of(config, gantry.training().gpuResourceName()),
            prometheus.configured(),
            new GpuMetrics(registry),
            Clock.systemUTC());
    reclaimer.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (reclaimer != null) {
      reclaimer.close();
    }
  }
}
