package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live counts from the serving pods' statistics endpoints, as the delta since the monitor's last
 * verdict.
 *
 * <p>The snapshot behind the delta lives in operator memory, by monitor UID. After an operator
 * restart there is none, and the first window is everything each server counted since it started
 * (the servers' counters are cumulative): no rows are lost, that one window is longer. Keeping it
 * in the API server instead would mean writing every pod's every bin count on every verdict.
 */
public final class PodLiveStatistics {
  private final PodStatistics pods;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  private record Snapshot(String modelVersion, Map<String, ServerStatistics> servers) {}

  public PodLiveStatistics(PodStatistics pods) {
    this.pods = pods;
  }

  public LiveStatistics read(
      KubernetesClient client,
      String namespace,
      String monitorUid,
      String inferenceService,
      String modelVersion,
      String modelName) {
    List<Pod> all = ServingPods.list(client, namespace, inferenceService);
    List<ServingPods.Endpoint> endpoints = ServingPods.endpoints(all, modelVersion);
    if (endpoints.isEmpty()) {
      return LiveStatistics.unavailable(
          "no ready pods labelled "
              + Labels.INFERENCE_SERVICE
              + "="
              + inferenceService
              + " serve "
              + modelVersion);
    }
    PodStatistics.Result result = pods.fetch(endpoints, modelName);
    if (result.answers().isEmpty()) {
      return LiveStatistics.unavailable(
          "no serving pod answered for statistics: " + String.join("; ", result.failures()));
    }
    Snapshot previous = snapshots.get(monitorUid);
    Map<String, ServerStatistics> before =
        previous != null && previous.modelVersion().equals(modelVersion)
            ? previous.servers()
            : Map.of();
    Map<String, ServerStatistics> next = new HashMap<>(result.answers());
    // A pod that did not answer this time keeps its old snapshot, so its rows count next time.
    for (ServingPods.Endpoint e : endpoints) {
      if (!next.containsKey(e.podUid()) && before.containsKey(e.podUid())) {
        next.put(e.podUid(), before.get(e.podUid()));
      }
    }
    return new LiveStatistics(
        LiveWindow.delta(before, result.answers()),
        null,
        () -> snapshots.put(monitorUid, new Snapshot(modelVersion, Map.copyOf(next))));
  }

  public void forget(String monitorUid) {
    snapshots.remove(monitorUid);
  }
}
