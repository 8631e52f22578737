package dev.gantry.operator.driftmonitor.stats;

/**
 * A feature has no live rows to compare: there is no verdict to give, so the caller reports {@code
 * Collecting} instead of a score.
 */
public class NoLiveSamplesException extends IllegalArgumentException {
  public NoLiveSamplesException(String message) {
    super(message);
  }
}
