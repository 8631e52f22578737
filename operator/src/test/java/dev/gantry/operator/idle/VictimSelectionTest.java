package dev.gantry.operator.idle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.operator.idle.VictimSelection.Reclaim;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VictimSelectionTest {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  private static IdleCandidate idle(String name, int gpus, int priority, long idleSeconds) {
    return new IdleCandidate(
        "team-a", name, gpus, priority, idleSeconds, 0, IdleAction.Suspend, true);
  }

  private static WaitingWork waiting(String name, int gpus, int priority) {
    return new WaitingWork("team-b", name, gpus, priority, T);
  }

  private static List<String> victims(List<Reclaim> reclaims) {
    return reclaims.stream().map(r -> r.victim().name()).toList();
  }

  @Test
  void nobodyWaitingMeansNoReclaimUnderOnlyWhenPending() {
    assertThat(VictimSelection.choose(List.of(idle("a", 8, 0, 3600)), List.of(), Map.of()))
        .isEmpty();
  }

  @Test
  void onlyWhenPendingFalseReclaimsForNobody() {
    IdleCandidate eager =
        new IdleCandidate("team-a", "eager", 2, 0, 60, 0, IdleAction.Suspend, false);
    List<Reclaim> r = VictimSelection.choose(List.of(eager), List.of(), Map.of());
    assertThat(victims(r)).containsExactly("eager");
    assertThat(r.get(0).forWork()).isEmpty();
  }

  @Test
  void lowestPriorityFirstThenLongestIdle() {
    List<IdleCandidate> candidates =
        List.of(
            idle("important", 4, 100, 9000), idle("recent", 4, 0, 600), idle("oldest", 4, 0, 7200));
    assertThat(
            victims(VictimSelection.choose(candidates, List.of(waiting("w", 12, 100)), Map.of())))
        .containsExactly("oldest", "recent", "important");
  }

  @Test
  void freesNoMoreJobsThanTheWaitingWorkNeeds() {
    List<IdleCandidate> candidates =
        List.of(idle("a", 2, 0, 900), idle("b", 2, 0, 800), idle("c", 2, 0, 700));
    List<Reclaim> r = VictimSelection.choose(candidates, List.of(waiting("big", 3, 0)), Map.of());
    assertThat(victims(r)).containsExactly("a", "b");
    assertThat(r)
        .allMatch(x -> x.forWork().map(WaitingWork::ref).equals(Optional.of("team-b/big")));
  }

  @Test
  void gpusAlreadyBeingFreedCountTowardsTheNeed() {
    List<IdleCandidate> candidates = List.of(idle("a", 4, 0, 900));
    assertThat(
            VictimSelection.choose(
                candidates, List.of(waiting("big", 4, 0)), Map.of("team-b/big", 4)))
        .isEmpty();
  }

  @Test
  void neverTakesAJobMoreImportantThanTheWaitingWork() {
    List<IdleCandidate> candidates = List.of(idle("vip", 4, 1000, 99999));
    assertThat(VictimSelection.choose(candidates, List.of(waiting("low", 4, 0)), Map.of()))
        .isEmpty();
  }

  @Test
  void eachVictimServesOneWaitingWork() {
    List<IdleCandidate> candidates = List.of(idle("a", 4, 0, 900), idle("b", 4, 0, 800));
    List<Reclaim> r =
        VictimSelection.choose(
            candidates, List.of(waiting("first", 4, 10), waiting("second", 4, 5)), Map.of());
    assertThat(r)
        .extracting(x -> x.victim().name() + "->" + x.forWork().orElseThrow().name())
        .containsExactly("a->first", "b->second");
  }
}
