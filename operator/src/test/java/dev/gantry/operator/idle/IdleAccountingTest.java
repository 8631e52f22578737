package dev.gantry.operator.idle;

import static dev.gantry.operator.idle.IdleAccounting.Observation.ACTIVE;
import static dev.gantry.operator.idle.IdleAccounting.Observation.IDLE;
import static dev.gantry.operator.idle.IdleAccounting.Observation.NO_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.idle.IdleAccounting.Observation;
import dev.gantry.operator.idle.IdleAccounting.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdleAccountingTest {
  private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(46);
  private static final Duration MIN_RUNTIME = Duration.ofMinutes(10);

  private static State step(State s, Observation o, long atSeconds) {
    return IdleAccounting.next(s, o, START.plusSeconds(atSeconds), WINDOW, START, MIN_RUNTIME);
  }

  /** Checks every 30 s from {@code from} to {@code to} (inclusive), all with one observation. */
  private static State run(State s, Observation o, long from, long to) {
    for (long t = from; t <= to; t += 30) {
      s = step(s, o, t);
    }
    return s;
  }

  @Test
  void countsUnbrokenIdleTimeAfterMinRuntimeOnly() {
    State s = run(State.restored(0), IDLE, 0, 600);
    assertThat(s.idleSeconds()).as("nothing counts before minRuntime").isZero();
    s = run(s, IDLE, 630, 600 + 1800);
    assertThat(s.idleSeconds()).isEqualTo(1800);
    assertThat(IdleAccounting.idleEnough(s, Duration.ofMinutes(30))).isTrue();
    assertThat(IdleAccounting.idleEnough(s, Duration.ofMinutes(31))).isFalse();
  }

  @Test
  void minRuntimeThatEndsInsideAWindowCountsOnlyTheRest() {
    State s = step(State.restored(0), IDLE, 590);
    s = step(s, IDLE, 620);
    assertThat(s.idleSeconds()).isEqualTo(20);
  }

  @Test
  void activityResetsTheCount() {
    State s = run(State.restored(0), IDLE, 600, 1200);
    assertThat(s.idleSeconds()).isEqualTo(600);
    s = step(s, ACTIVE, 1230);
    assertThat(s.idleSeconds()).isZero();
    assertThat(IdleAccounting.idleEnough(s, Duration.ofSeconds(10))).isFalse();
    s = step(s, IDLE, 1260);
    assertThat(s.idleSeconds()).isEqualTo(30);
  }

  @Test
  void noDataNeitherCountsNorResetsAndIsNeverIdleEnough() {
    State s = run(State.restored(0), IDLE, 600, 1800);
    long before = s.idleSeconds();
    s = step(s, NO_DATA, 1830);
    s = step(s, NO_DATA, 1860);
    assertThat(s.idleSeconds()).isEqualTo(before);
    assertThat(IdleAccounting.idleEnough(s, Duration.ofMinutes(1))).isFalse();
    s = step(s, IDLE, 1890);
    assertThat(s.idleSeconds())
        .as("counts from the last check, not across the gap")
        .isEqualTo(before + 30);
  }

  @Test
  void aGapLongerThanTheQueriedWindowCountsOnlyTheWindow() {
    State s = run(State.restored(0), IDLE, 600, 900);
    long before = s.idleSeconds();
    s = step(s, IDLE, 900 + 600); // the operator was stalled for 10 minutes
    assertThat(s.idleSeconds()).isEqualTo(before + WINDOW.toSeconds());
  }

  @Test
  void aClockThatGoesBackwardsCountsNothingAndResetsNothing() {
    State s = run(State.restored(0), IDLE, 600, 900);
    long before = s.idleSeconds();
    s = step(s, IDLE, 700);
    assertThat(s.idleSeconds()).isEqualTo(before);
    assertThat(s.lastCheck()).as("keeps the later reading").isEqualTo(START.plusSeconds(900));
    s = step(s, IDLE, 930);
    assertThat(s.idleSeconds()).as("no double count of 700..900").isEqualTo(before + 30);
  }

  @Test
  void aRestartedOperatorContinuesFromStatusWithoutDoubleCounting() {
    State s = run(State.restored(0), IDLE, 600, 1500);
    long persisted = s.idleSeconds();
    State restarted = State.restored(persisted);
    restarted = step(restarted, IDLE, 1560);
    assertThat(restarted.idleSeconds())
        .as("first look after restart counts nothing")
        .isEqualTo(persisted);
    assertThat(IdleAccounting.idleEnough(restarted, Duration.ofSeconds(persisted))).isTrue();
    restarted = step(restarted, IDLE, 1590);
    assertThat(restarted.idleSeconds()).isEqualTo(persisted + 30);
  }

  @Test
  void aBurstyJobNeverReachesIdleAfter() {
    // 0% for 20 s then 80% for 5 s, checked every 4 s with windows that overlap the bursts.
    State s = State.restored(0);
    long longest = 0;
    for (long t = 0; t < 600; t += 4) {
      boolean burstInWindow = false;
      for (long u = Math.max(0, t - 6); u <= t; u++) {
        burstInWindow |= u % 25 >= 20;
      }
      s =
          IdleAccounting.next(
              s,
              burstInWindow ? ACTIVE : IDLE,
              START.plusSeconds(t),
              Duration.ofSeconds(7),
              START,
              Duration.ZERO);
      longest = Math.max(longest, s.idleSeconds());
    }
    assertThat(longest).isLessThan(30);
  }
}
