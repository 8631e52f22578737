package dev.gantry.operator.inferenceservice;

import dev.gantry.operator.config.GantryConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own pods as a NetworkPolicy peer: DriftMonitors read the serving pods' statistics
 * and baselines over HTTP, so an InferenceService's NetworkPolicy must let them in.
 *
 * @param namespace the operator's namespace
 * @param podLabels labels every operator pod carries
 */
public record OperatorPeer(String namespace, Map<String, String> podLabels) {

  /**
   * The peer from the operator's settings; empty when its namespace is unknown (out of cluster).
   */
  public static Optional<OperatorPeer> from(GantryConfig.Operator config) {
    return config
        .namespace()
        .filter(ns -> !ns.isBlank())
        .map(ns -> new OperatorPeer(ns.strip(), labels(config.podLabels())));
  }

  /** {@code key=value} pairs as a map; a pair without '=' is a configuration error. */
  static Map<String, String> labels(List<String> pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "gantry.operator.pod-labels: '"
                + pair
                + "' is not key=value (e.g. app.kubernetes.io/name=gantry)");
      }
      labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(
          "gantry.operator.pod-labels is empty: a NetworkPolicy rule needs the operator's labels");
    }
    // In the given order: the desired NetworkPolicy's hash must not change between restarts.
    return Collections.unmodifiableMap(labels);
  }
}
