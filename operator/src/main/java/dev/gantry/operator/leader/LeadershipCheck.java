package dev.gantry.operator.leader;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says on /q/health/ready which replica leads. Always UP: a standby is ready to take over, and a
 * Service must not drop it (its metrics endpoint still serves).
 */
@Readiness
@ApplicationScoped
public class LeadershipCheck implements HealthCheck {
  private final Leadership leadership;
  private final LeaderElectionSettings settings;

  public LeadershipCheck(Leadership leadership, LeaderElectionSettings settings) {
    this.leadership = leadership;
    this.settings = settings;
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("gantry-leadership")
            .up()
            .withData("leader", leadership.isLeader())
            .withData("leaderElection", leadership.electionEnabled());
    if (leadership.electionEnabled()) {
      response.withData("lease", settings.leaseName()).withData("identity", leadership.identity());
    }
    return response.build();
  }
}
