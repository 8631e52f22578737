package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import java.util.Map;

/**
 * One inference server's live feature counts, cumulative since it started.
 *
 * @param since when the server started counting; a different value means a restarted server
 * @param features counts by feature name, on the baseline's bins or categories
 */
public record ServerStatistics(String since, Map<String, LiveCounts> features) {
  public ServerStatistics {
    features = Map.copyOf(features);
  }
}
