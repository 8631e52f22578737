package dev.gantry.operator.idle;

import dev.gantry.operator.prometheus.PromSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-GPU values of a query result, grouped by the pod they belong to. Pure. */
public final class PodGpuSamples {
  private final Map<String, List<Double>> byPod;

  private PodGpuSamples(Map<String, List<Double>> byPod) {
    this.byPod = byPod;
  }

  public static PodGpuSamples of(List<PromSample> samples, String nsLabel, String podLabel) {
    Map<String, List<Double>> byPod = new HashMap<>();
    for (PromSample s : samples) {
      String ns = s.labels().get(nsLabel);
      String pod = s.labels().get(podLabel);
      if (ns == null || pod == null || pod.isEmpty() || Double.isNaN(s.value())) {
        continue; // a GPU no pod holds, or a sample that says nothing
      }
      byPod.computeIfAbsent(key(ns, pod), k -> new ArrayList<>()).add(s.value());
    }
    return new PodGpuSamples(byPod);
  }

  public List<Double> of(String namespace, String pod) {
    return byPod.getOrDefault(key(namespace, pod), List.of());
  }

  private static String key(String ns, String pod) {
    return ns + "/" + pod;
  }
}
