package dev.gantry.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.common.ResourceSpec;
import dev.gantry.api.v1alpha1.trainingjob.DatasetSpec;
import dev.gantry.api.v1alpha1.trainingjob.OutputSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.operator.common.Labels;
import dev.gantry.testing.ApiServerRequests;
import dev.gantry.testing.OperatorProcess;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two packaged operators with Lease-based leader election on a real API server: one leads, the
 * other is Ready and idle; {@code kill -9} of the leader mid-burst hands over within the lease
 * duration, and every TrainingJob ends with exactly one Job. The burst size is {@code
 * gantry.failover.jobs} (the fault-harness benchmark runs 500).
 */
class LeaderFailoverIT {
  private static final String NS = "leader-failover-it";
  private static final String LEASE_NAME = "failover-leader";
  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration IDLE_WINDOW =
      Duration.ofSeconds(Long.getLong("gantry.failover.idle-seconds", 20));
  private static final int JOBS = Integer.getInteger("gantry.failover.jobs", 60);

  @Test
  void theStandbyTakesOverAKilledLeaderMidBurstWithoutDuplicatesOrGaps() throws Exception {
    KubernetesClient client = TestApiServer.client();
    TestApiServer.namespaceWithDefaultServiceAccount(NS);
    try (OperatorProcess a = start("replica-a", LEASE_NAME);
        OperatorProcess b = start("replica-b", LEASE_NAME)) {
      for (OperatorProcess replica : List.of(a, b)) {
        replica.awaitStarted();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(replica.get("/q/health/ready").statusCode()).isEqualTo(200));
      }
      String firstLeader = awaitLeaseHolder(client, null);
      OperatorProcess leader = firstLeader.equals("replica-a") ? a : b;
      OperatorProcess standby = leader == a ? b : a;
      assertThat(leader.get("/q/health/ready").body()).contains("\"leader\": true");
      assertThat(standby.get("/q/health/ready").body())
          .as("the standby is Ready and says it does not lead")
          .contains("\"leader\": false");
      assertThat(standby.get("/q/metrics").body()).contains("gantry_operator_leader 0.0");
      assertThat(leader.get("/q/metrics").body()).contains("gantry_operator_leader 1.0");

      Map<String, Double> beforeBurst = ApiServerRequests.snapshot(client);
      for (int i = 0; i < JOBS / 2; i++) {
        client.resource(trainingJob("burst-" + i)).create();
      }
      leader.kill();
      long killedAt = System.nanoTime();
      for (int i = JOBS / 2; i < JOBS; i++) {
        client.resource(trainingJob("burst-" + i)).create();
      }
      String secondLeader = awaitLeaseHolder(client, firstLeader);
      Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
      System.out.printf(
          "[failover] %s -> %s in %d ms (lease %d s), %d TrainingJobs%n",
          firstLeader, secondLeader, failover.toMillis(), LEASE.toSeconds(), JOBS);
      assertThat(failover).isLessThanOrEqualTo(LEASE.plusSeconds(5));

      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(jobsPerTrainingJob(client)).hasSize(JOBS));
      System.out.printf(
          "[failover] all %d Jobs exist %d ms after the kill%n",
          JOBS, Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
      assertThat(jobsPerTrainingJob(client).values())
          .as("exactly one Job per TrainingJob")
          .containsOnly(1L);
      assertThat(
              ApiServerRequests.writesExcept(
                  beforeBurst, ApiServerRequests.snapshot(client), Set.of("leases")))
          .as("the write counter sees the operators' Job creates")
          .hasEntrySatisfying("POST jobs ", n -> assertThat(n).isGreaterThanOrEqualTo(JOBS));
      assertThat(standby.get("/q/health/ready").body()).contains("\"leader\": true");
      assertThat(standby.log()).contains("this replica now leads").doesNotContain("ERROR");
      assertIdleLeaderMakesNoWrites(client);

      // Someone else holds the Lease now (as after a partition): the leader must stop writing,
      // and it does so by exiting, so that its pod restarts as a standby.
      client
          .leases()
          .inNamespace(NS)
          .withName(LEASE_NAME)
          .edit(
              lease -> {
                lease.getSpec().setHolderIdentity("intruder");
                lease.getSpec().setLeaseDurationSeconds(600);
                lease.getSpec().setRenewTime(java.time.ZonedDateTime.now());
                return lease;
              });
      await().atMost(Duration.ofSeconds(30)).until(() -> !standby.isAlive());
      assertThat(standby.exitCode()).as("exit code after losing the Lease").isEqualTo(1);
      assertThat(standby.log()).contains("lost the leader Lease");
    }
  }

  /**
   * Once every TrainingJob is handled, the new leader makes no writes (Lease renewals aside): no
   * reconcile loop is left spinning after the failover. The test itself is quiet meanwhile, and
   * kube-api-test runs no controller manager, so every write counted is the operator's.
   */
  private static void assertIdleLeaderMakesNoWrites(KubernetesClient client) throws Exception {
    Set<String> renewals = Set.of("leases");
    // Settled: statuses written after the last Job create have landed.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(5))
        .until(
            new java.util.concurrent.Callable<Boolean>() {
              Map<String, Double> last = ApiServerRequests.snapshot(client);

              @Override
              public Boolean call() {
                Map<String, Double> now = ApiServerRequests.snapshot(client);
                boolean quiet = ApiServerRequests.writesExcept(last, now, renewals).isEmpty();
                last = now;
                return quiet;
              }
            });
    Map<String, Double> before = ApiServerRequests.snapshot(client);
    Thread.sleep(IDLE_WINDOW.toMillis());
    Map<String, Double> writes =
        ApiServerRequests.writesExcept(before, ApiServerRequests.snapshot(client), renewals);
    System.out.printf(
        "[failover] writes in %d s idle after failover: %s%n", IDLE_WINDOW.toSeconds(), writes);
    assertThat(writes).as("writes of an idle leader").isEmpty();
  }

  @Test
  void aLeaderStopsCleanlyOnSigterm() throws Exception {
    KubernetesClient client = TestApiServer.client();
    TestApiServer.namespaceWithDefaultServiceAccount(NS);
    try (OperatorProcess alone = start("replica-sigterm", "sigterm-leader")) {
      alone.awaitStarted();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(alone.get("/q/health/ready").body()).contains("\"leader\": true"));
      assertThat(alone.stop()).as("exit code after SIGTERM").isIn(0, 143);
    }
  }

  private static OperatorProcess start(String identity, String leaseName) throws Exception {
    return OperatorProcess.start(
        TestApiServer.kubeconfigYaml(),
        Map.of(
            "GANTRY_LEADER_ELECTION_ENABLED",
            "true",
            "GANTRY_LEADER_ELECTION_LEASE_NAMESPACE",
            NS,
            "GANTRY_LEADER_ELECTION_IDENTITY",
            identity,
            "GANTRY_LEADER_ELECTION_LEASE_NAME",
            leaseName,
            "GANTRY_LEADER_ELECTION_LEASE_DURATION",
            LEASE.toSeconds() + "s",
            "GANTRY_LEADER_ELECTION_RENEW_DEADLINE",
            "4s",
            "GANTRY_LEADER_ELECTION_RETRY_PERIOD",
            "1s",
            "GANTRY_IDLE_ENABLED",
            "false"));
  }

  /** Waits for a holder other than {@code previous} (any holder when null) and returns it. */
  private static String awaitLeaseHolder(KubernetesClient client, String previous) {
    return await()
        .atMost(LEASE.plusSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Lease lease = client.leases().inNamespace(NS).withName(LEASE_NAME).get();
              return lease == null ? null : lease.getSpec().getHolderIdentity();
            },
            holder -> holder != null && !holder.isBlank() && !holder.equals(previous));
  }

  private static Map<String, Long> jobsPerTrainingJob(KubernetesClient client) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withLabel(Labels.TRAINING_JOB)
        .list()
        .getItems()
        .stream()
        .map(Job::getMetadata)
        .map(m -> m.getLabels().get(Labels.TRAINING_JOB))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static TrainingJob trainingJob(String name) {
    TrainingJob job = new TrainingJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    TrainingJobSpec spec = new TrainingJobSpec();
    spec.image = "registry.example.com/team/trainer:1.4";
    spec.replicas = 1;
    spec.resources = new ResourceSpec();
    spec.resources.limits = Map.of("cpu", new Quantity("1"));
    spec.dataset = new DatasetSpec();
    spec.dataset.storageUri = "pvc://datasets/fraud/2026-11.csv";
    spec.output = new OutputSpec();
    spec.output.modelName = "fraud";
    spec.output.storageUri = "pvc://models/fraud";
    job.setSpec(spec);
    return job;
  }
}
