package dev.gantry.operator.leader;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Lease-based leader election (GANTRY_LEADER_ELECTION_*). Off by default so that one operator
 * started by hand just works; the Helm chart turns it on and runs two replicas.
 */
@ConfigMapping(prefix = "gantry.leader-election")
public interface LeaderElectionSettings {
  @WithDefault("false")
  boolean enabled();

  /** The coordination.k8s.io Lease both replicas compete for. */
  @WithDefault("gantry-operator-leader")
  String leaseName();

  /** The Lease's namespace; the chart sets the operator's own (the client's namespace if unset). */
  Optional<String> leaseNamespace();

  /**
   * This replica's name in the Lease; the chart sets the pod name (HOSTNAME, else a random id, if
   * unset).
   */
  Optional<String> identity();

  /** How long a standby waits after the last renewal before it takes over (client-go's 15 s). */
  @WithDefault("15s")
  Duration leaseDuration();

  /** How long the leader keeps retrying a renewal before it gives up leading (and exits). */
  @WithDefault("10s")
  Duration renewDeadline();

  /** Time between two attempts to acquire or renew. */
  @WithDefault("2s")
  Duration retryPeriod();
}
