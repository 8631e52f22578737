package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import java.util.Map;

/**
 * The live counts of one evaluation window, or why there are none.
 *
 * @param window counts by feature; empty when {@code problem} is set
 * @param problem why no statistics could be read (a condition message), or null
 * @param commit makes this window the baseline of the next delta; call it only after a verdict, so
 *     that a window too small for one keeps growing
 */
public record LiveStatistics(Map<String, LiveCounts> window, String problem, Runnable commit) {
  public static LiveStatistics unavailable(String problem) {
    return new LiveStatistics(Map.of(), problem, () -> {});
  }
}
