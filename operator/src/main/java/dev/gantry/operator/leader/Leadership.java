package dev.gantry.operator.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Whether this replica leads. Reconcilers need nothing from it (JOSDK starts their event processing
 * only on the leader); work outside them, such as the idle reclaimer's timer, starts through {@link
 * #whenLeading}. Without leader election every replica leads from the start.
 */
@ApplicationScoped
public class Leadership {
  private static final Logger LOG = Logger.getLogger(Leadership.class);

  private final boolean electionEnabled;
  private final String identity;
  private final List<Runnable> onLeading = new ArrayList<>();
  private boolean leading;

  @Inject
  public Leadership(LeaderElectionSettings settings, MeterRegistry registry) {
    this(settings.enabled(), identity(settings.identity(), System.getenv("HOSTNAME")));
    Gauge.builder("gantry_operator_leader", this, l -> l.isLeader() ? 1 : 0)
        .description(
            "1 while this operator replica holds the leader Lease (or leads alone), else 0")
        .register(registry);
  }

  Leadership(boolean electionEnabled, String identity) {
    this.electionEnabled = electionEnabled;
    this.identity = identity;
    this.leading = !electionEnabled;
  }

  /** The configured identity, else the pod's name (HOSTNAME), else a random one. */
  static String identity(Optional<String> configured, String hostname) {
    return configured
        .filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(hostname).filter(h -> !h.isBlank()))
        .orElseGet(() -> UUID.randomUUID().toString());
  }

  /** This replica's name in the Lease's holderIdentity. */
  public String identity() {
    return identity;
  }

  public boolean electionEnabled() {
    return electionEnabled;
  }

  public synchronized boolean isLeader() {
    return leading;
  }

  /** Runs {@code task} once this replica leads: now if it already does. */
  public void whenLeading(Runnable task) {
    boolean now;
    synchronized (this) {
      now = leading;
      if (!now) {
        onLeading.add(task);
      }
    }
    if (now) {
      task.run();
    }
  }

  /** Called by the leader elector when this replica acquires the Lease. */
  void startedLeading() {
    List<Runnable> tasks;
    synchronized (this) {
      if (leading) {
        return;
      }
      leading = true;
      tasks = List.copyOf(onLeading);
      onLeading.clear();
    }
    LOG.info("this replica now leads");
    tasks.forEach(Runnable::run);
  }

  /**
   * Called when the Lease is lost: the process exits so that the pod restarts as a standby, since a
   * replica that missed renewals must not write beside a new leader. JOSDK's own exit runs on the
   * thread that stops the elector, which on SIGTERM is a shutdown hook, where System.exit blocks
   * forever; exiting from a fresh thread is a no-op during shutdown and a clean exit otherwise.
   */
  void stoppedLeading() {
    synchronized (this) {
      leading = false;
    }
    LOG.warn("this replica lost the leader Lease; exiting so that it restarts as a standby");
    Thread exit = new Thread(() -> System.exit(1), "gantry-lost-lease-exit");
    exit.setDaemon(true);
    exit.start();
  }
}
