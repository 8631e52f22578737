package dev.gantry.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of requests ({@code apiserver_request_total} on /metrics), summed by
 * "verb resource subresource": what a test reads to count an operator's writes.
 */
public final class ApiServerRequests {
  private static final Pattern REQUEST =
      Pattern.compile("^apiserver_request_total\\{(.*)} ([0-9.e+]+)$");
  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "DELETE", "APPLY");

  private ApiServerRequests() {}

  /** Totals so far, keyed "VERB resource subresource" (subresource empty when none). */
  public static Map<String, Double> snapshot(KubernetesClient client) {
    Map<String, Double> totals = new LinkedHashMap<>();
    for (String metric : client.raw("/metrics").split("\n")) {
      Matcher m = REQUEST.matcher(metric);
      if (!m.matches()) {
        continue;
      }
      String labels = m.group(1);
      String key =
          label(labels, "verb")
              + " "
              + label(labels, "resource")
              + " "
              + label(labels, "subresource");
      totals.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return totals;
  }

  /** Requests of one verb on one resource (and subresource, "" for none) between two snapshots. */
  public static double delta(
      Map<String, Double> before,
      Map<String, Double> after,
      String verb,
      String resource,
      String sub) {
    String key = verb + " " + resource + " " + sub;
    return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }

  /**
   * Writes (create, update, patch, apply, delete) between two snapshots, except on these resources.
   */
  public static Map<String, Double> writesExcept(
      Map<String, Double> before, Map<String, Double> after, Set<String> ignoredResources) {
    Map<String, Double> writes = new LinkedHashMap<>();
    after.forEach(
        (key, total) -> {
          String[] parts = key.split(" ", -1);
          double delta = total - before.getOrDefault(key, 0.0);
          if (delta > 0 && WRITE_VERBS.contains(parts[0]) && !ignoredResources.contains(parts[1])) {
            writes.put(key, delta);
          }
        });
    return writes;
  }

  private static String label(String labels, String name) {
    Matcher m = Pattern.compile("(?:^|,)" + name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "";
  }
}
