package dev.gantry.operator.idle;

import dev.gantry.operator.config.GantryConfig;
import dev.gantry.operator.leader.Leadership;
import dev.gantry.operator.prometheus.PrometheusClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * Starts the cluster-wide {@link IdleReclaimer} once this replica leads (with two replicas, only
 * one may suspend jobs) and stops it on shutdown.
 */
@ApplicationScoped
public class IdleReclaimerService {
  private IdleReclaimer reclaimer;

  void start(
      @Observes StartupEvent event,
      KubernetesClient client,
      IdleConfig config,
      GantryConfig gantry,
      PrometheusClients prometheus,
      MeterRegistry registry,
      Leadership leadership) {
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
    leadership.whenLeading(reclaimer::start);
  }

  void stop(@Observes ShutdownEvent event) {
    if (reclaimer != null) {
      reclaimer.close();
    }
  }
}
