package dev.gantry.operator.leader;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** Turns JOSDK's Lease-based leader election on when {@link LeaderElectionSettings#enabled()}. */
@Singleton
public class LeaderElectionCustomizer implements ConfigurationServiceCustomizer {
  private final LeaderElectionSettings settings;
  private final Leadership leadership;

  public LeaderElectionCustomizer(LeaderElectionSettings settings, Leadership leadership) {
    this.settings = settings;
    this.leadership = leadership;
  }

  @Override
  public Consumer<ConfigurationServiceOverrider> overrider() {
    return overrider -> {
      if (settings.enabled()) {
        overrider.withLeaderElectionConfiguration(configuration(settings, leadership));
      }
    };
  }

  /**
   * JOSDK's configuration for these settings; on losing the Lease {@link Leadership} exits the
   * process (not JOSDK: its exit deadlocks when the loss comes from a SIGTERM).
   */
  static LeaderElectionConfiguration configuration(
      LeaderElectionSettings settings, Leadership leadership) {
    var callbacks =
        new LeaderCallbacks(
            leadership::startedLeading, leadership::stoppedLeading, newLeader -> {});
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.leaseNamespace().orElse(null),
        settings.leaseDuration(),
        settings.renewDeadline(),
        settings.retryPeriod(),
        leadership.identity(),
        callbacks,
        false);
  }
}
