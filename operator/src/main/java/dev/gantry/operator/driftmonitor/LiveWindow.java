package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import java.util.HashMap;
import java.util.Map;

/**
 * The live rows since the previous verdict: per server, its cumulative counts now minus its counts
 * then, summed over servers.
 *
 * <p>A server counts from 0 again when it restarts. A restart is recognised by a new {@code since}
 * or by any count that went down; such a server contributes everything it counted since its restart
 * (its rows between the previous snapshot and the restart are lost, not made negative). A server
 * without a previous snapshot (new pod, or an operator that restarted and forgot its snapshots)
 * contributes everything it counted since it started. A server that went away contributes nothing.
 */
public final class LiveWindow {
  private LiveWindow() {}

  /**
   * @param previous snapshots by server (pod UID) at the previous verdict
   * @param current snapshots by server now
   * @return summed live counts by feature
   */
  public static Map<String, LiveCounts> delta(
      Map<String, ServerStatistics> previous, Map<String, ServerStatistics> current) {
    Map<String, LiveCounts> sum = new HashMap<>();
    for (Map.Entry<String, ServerStatistics> server : current.entrySet()) {
      ServerStatistics now = server.getValue();
      ServerStatistics then = previous.get(server.getKey());
      boolean continued = then != null && then.since().equals(now.since()) && !wentDown(then, now);
      for (Map.Entry<String, LiveCounts> feature : now.features().entrySet()) {
        LiveCounts before = continued ? then.features().get(feature.getKey()) : null;
        LiveCounts added = minus(feature.getValue(), before);
        sum.merge(feature.getKey(), added, LiveWindow::plus);
      }
    }
    return sum;
  }

  /** Rows in the window: the fewest counted values of any of the features. */
  public static long samples(Map<String, LiveCounts> window, Iterable<String> features) {
    long fewest = Long.MAX_VALUE;
    for (String feature : features) {
      LiveCounts counts = window.get(feature);
      fewest = Math.min(fewest, counts == null ? 0 : Math.round(total(counts)));
    }
    return fewest == Long.MAX_VALUE ? 0 : fewest;
  }

  static double total(LiveCounts counts) {
    double total = 0;
    if (counts.bins() != null) {
      for (double c : counts.bins()) {
        total += c;
      }
    }
    if (counts.categories() != null) {
      for (double c : counts.categories().values()) {
        total += c;
      }
    }
    return total;
  }

  private static boolean wentDown(ServerStatistics then, ServerStatistics now) {
    for (Map.Entry<String, LiveCounts> feature : now.features().entrySet()) {
      LiveCounts before = then.features().get(feature.getKey());
      if (before == null) {
        continue;
      }
      LiveCounts after = feature.getValue();
      if (before.bins() != null && after.bins() != null) {
        double[] b = before.bins();
        double[] a = after.bins();
        if (a.length != b.length) {
          return true; // other bins: another baseline, so another counting
        }
        for (int i = 0; i < a.length; i++) {
          if (a[i] < b[i]) {
            return true;
          }
        }
      }
      if (before.categories() != null && after.categories() != null) {
        for (Map.Entry<String, Double> c : before.categories().entrySet()) {
          if (after.categories().getOrDefault(c.getKey(), 0.0) < c.getValue()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static LiveCounts minus(LiveCounts now, LiveCounts then) {
    if (then == null) {
      return now;
    }
    if (now.bins() != null) {
      double[] a = now.bins();
      double[] b = then.bins();
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        d[i] = a[i] - (b == null ? 0 : b[i]);
      }
      return LiveCounts.numeric(d);
    }
    Map<String, Double> d = new HashMap<>();
    Map<String, Double> before = then.categories() == null ? Map.of() : then.categories();
    now.categories().forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return LiveCounts.categorical(d);
  }

  private static LiveCounts plus(LiveCounts a, LiveCounts b) {
    if (a.bins() != null && b.bins() != null) {
      double[] x = a.bins();
      double[] y = b.bins();
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "servers count a feature on different bins (" + x.length + " and " + y.length + ")");
      }
      double[] s = new double[x.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = x[i] + y[i];
      }
      return LiveCounts.numeric(s);
    }
    if (a.categories() != null && b.categories() != null) {
      Map<String, Double> s = new HashMap<>(a.categories());
      b.categories().forEach((k, v) -> s.merge(k, v, Double::sum));
      return LiveCounts.categorical(s);
    }
    throw new IllegalArgumentException("servers disagree whether a feature is categorical");
  }
}
