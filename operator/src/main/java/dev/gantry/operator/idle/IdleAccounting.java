package dev.gantry.operator.idle;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts how long a job's GPUs have stayed idle, one check window at a time. Pure: the caller
 * brings the clock reading and what the metrics showed for the window.
 *
 * <p>Rules: a window where any GPU reached the threshold resets the count; a window without data
 * neither counts nor resets (no data is never idle, and a scrape gap must not undo real idleness);
 * only time after {@code minRuntime} counts; time the metrics did not cover (a check gap longer
 * than the queried window, the first check after an operator restart) is not counted, and a clock
 * that went backwards counts nothing. The count itself lives in status, so a restarted operator
 * neither resets nor double counts it.
 */
public final class IdleAccounting {
  private IdleAccounting() {}

  /** What the metrics showed for one window of one job. */
  public enum Observation {
    /** Every GPU of the job stayed below the threshold for the whole window. */
    IDLE,
    /** Some GPU reached the threshold at some point in the window. */
    ACTIVE,
    /** Some GPU of the job had no samples: nothing can be said. */
    NO_DATA
  }

  /**
   * @param idleSeconds unbroken idle time counted so far
   * @param lastCheck when the previous window ended; null before the first check of this process
   * @param lastObservation what the latest window showed; null before the first check
   */
  public record State(long idleSeconds, Instant lastCheck, Observation lastObservation) {
    public static State restored(long idleSeconds) {
      return new State(idleSeconds, null, null);
    }
  }

  /**
   * The state after a window ending {@code now}.
   *
   * @param window how far back the metrics query looked (e.g. the check interval plus slack)
   * @param runningSince when the job's current pods started; idle time before {@code runningSince +
   *     minRuntime} does not count
   */
  public static State next(
      State previous,
      Observation observation,
      Instant now,
      Duration window,
      Instant runningSince,
      Duration minRuntime) {
    if (observation == Observation.ACTIVE) {
      return new State(0, now, observation);
    }
    if (observation == Observation.NO_DATA) {
      return new State(previous.idleSeconds(), laterOf(previous.lastCheck(), now), observation);
    }
    if (previous.lastCheck() == null || now.isBefore(previous.lastCheck())) {
      // First look (or a clock that went backwards): no earlier point to count from.
      return new State(previous.idleSeconds(), laterOf(previous.lastCheck(), now), observation);
    }
    Instant from = previous.lastCheck();
    Instant observedFrom = now.minus(window);
    if (from.isBefore(observedFrom)) {
      from = observedFrom; // the metrics did not look further back than the window
    }
    Instant countable = runningSince.plus(minRuntime);
    if (from.isBefore(countable)) {
      from = countable;
    }
    long counted = now.isAfter(from) ? Duration.between(from, now).toSeconds() : 0;
    return new State(previous.idleSeconds() + counted, now, observation);
  }

  /** Idle long enough to act on: the latest window was idle and the count reached idleAfter. */
  public static boolean idleEnough(State state, Duration idleAfter) {
    return state.lastObservation() == Observation.IDLE
        && state.idleSeconds() >= idleAfter.toSeconds();
  }

  private static Instant laterOf(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
