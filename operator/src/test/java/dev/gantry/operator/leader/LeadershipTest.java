package dev.gantry.operator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  @Test
  void withoutElectionTheOnlyReplicaLeadsAndRunsTasksAtOnce() {
    Leadership leadership = new Leadership(false, "pod-a");
    List<String> ran = new ArrayList<>();

    leadership.whenLeading(() -> ran.add("reclaimer"));

    assertThat(leadership.isLeader()).isTrue();
    assertThat(ran).containsExactly("reclaimer");
  }

  @Test
  void withElectionTasksWaitForTheLeaseAndRunOnce() {
    Leadership leadership = new Leadership(true, "pod-a");
    List<String> ran = new ArrayList<>();

    leadership.whenLeading(() -> ran.add("reclaimer"));
    assertThat(leadership.isLeader()).isFalse();
    assertThat(ran).isEmpty();

    leadership.startedLeading();
    leadership.startedLeading();
    assertThat(leadership.isLeader()).isTrue();
    assertThat(ran).containsExactly("reclaimer");

    leadership.whenLeading(() -> ran.add("late"));
    assertThat(ran).containsExactly("reclaimer", "late");
  }

  @Test
  void identityIsTheConfiguredOneThenThePodNameThenRandom() {
    assertThat(Leadership.identity(Optional.of("replica-1"), "gantry-abc")).isEqualTo("replica-1");
    assertThat(Leadership.identity(Optional.of(" "), "gantry-abc")).isEqualTo("gantry-abc");
    assertThat(Leadership.identity(Optional.empty(), null)).hasSize(36);
  }
}
