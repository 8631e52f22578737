package dev.gantry.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Speaks the NVIDIA DCGM exporter's format for the GPUs of pods whose utilization the test sets:
 * {@code DCGM_FI_DEV_GPU_UTIL} (percent, 0-100) and {@code DCGM_FI_PROF_GR_ENGINE_ACTIVE} (ratio,
 * 0-1), with the exporter's labels (gpu, UUID, device, modelName, Hostname) and the pod it
 * attributes the GPU to (namespace, pod, container), as dcgm-exporter does with its Kubernetes
 * pod-resources mapping.
 */
public final class DcgmTestExporter implements AutoCloseable {

  public static final String GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";
  public static final String ENGINE_ACTIVE = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";

  private final TestExporter exporter = new TestExporter();
  private final Map<String, Set<Map<String, String>>> seriesByPod = new ConcurrentHashMap<>();
  private final boolean withEngineActive;

  /** Exposes both series. */
  public DcgmTestExporter() {
    this(true);
  }

  /**
   * @param withEngineActive false mimics GPUs without profiling metrics (no ENGINE_ACTIVE).
   */
  public DcgmTestExporter(boolean withEngineActive) {
    this.withEngineActive = withEngineActive;
  }

  /** Sets the utilization of one GPU of a pod, in percent. */
  public void setUtilization(String namespace, String pod, int gpu, double percent) {
    Map<String, String> labels = labels(namespace, pod, gpu);
    seriesByPod
        .computeIfAbsent(namespace + "/" + pod, key -> ConcurrentHashMap.newKeySet())
        .add(labels);
    exporter.set(GPU_UTIL, "gauge", labels, percent);
    if (withEngineActive) {
      exporter.set(ENGINE_ACTIVE, "gauge", labels, percent / 100.0);
    }
  }

  /** Sets every one of {@code gpus} GPUs of a pod (indices 0..gpus-1) to the same utilization. */
  public void setPodUtilization(String namespace, String pod, int gpus, double percent) {
    for (int gpu = 0; gpu < gpus; gpu++) {
      setUtilization(namespace, pod, gpu, percent);
    }
  }

  /** The pod's GPUs disappear from the exporter, as when the pod ends. */
  public void removePod(String namespace, String pod) {
    Set<Map<String, String>> series = seriesByPod.remove(namespace + "/" + pod);
    if (series != null) {
      for (Map<String, String> labels : series) {
        exporter.remove(GPU_UTIL, labels);
        exporter.remove(ENGINE_ACTIVE, labels);
      }
    }
  }

  public String hostPort() {
    return exporter.hostPort();
  }

  public String exposition() {
    return exporter.exposition();
  }

  @Override
  public void close() {
    exporter.close();
  }

  private static Map<String, String> labels(String namespace, String pod, int gpu) {
    // Stable across calls, distinct per pod and GPU, shaped like a real GPU UUID.
    String uuid =
        "GPU-%08x-0000-0000-0000-%012d".formatted((namespace + "/" + pod).hashCode(), gpu);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("gpu", Integer.toString(gpu));
    labels.put("UUID", uuid);
    labels.put("device", "nvidia" + gpu);
    labels.put("modelName", "NVIDIA H100 80GB HBM3");
    labels.put("Hostname", "dcgm-exporter-test");
    labels.put("container", "trainer");
    labels.put("namespace", namespace);
    labels.put("pod", pod);
    return labels;
  }
}
