package dev.gantry.operator.idle;

import dev.gantry.operator.idle.IdleAccounting.Observation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one check window showed of one job's GPUs. Pure.
 *
 * @param meanPercent mean utilization over its GPUs; empty without data
 * @param missing pods whose GPUs did not all report
 */
public record JobWindow(Observation observation, OptionalDouble meanPercent, List<String> missing) {

  /**
   * @param pods the job's running pods that hold GPUs
   */
  public static JobWindow of(
      List<Pod> pods,
      PodGpuSamples max,
      PodGpuSamples mean,
      double thresholdPercent,
      String gpuResourceName) {
    List<String> missing = new ArrayList<>();
    double highest = 0;
    double sum = 0;
    int count = 0;
    for (Pod pod : pods) {
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      List<Double> maxima = max.of(ns, name);
      if (maxima.size() < GpuPods.gpus(pod, gpuResourceName)) {
        missing.add(name);
        continue;
      }
      for (double v : maxima) {
        highest = Math.max(highest, v);
      }
      for (double v : mean.of(ns, name)) {
        sum += v;
        count++;
      }
    }
    if (pods.isEmpty() || !missing.isEmpty()) {
      return new JobWindow(Observation.NO_DATA, OptionalDouble.empty(), missing);
    }
    Observation o = highest < thresholdPercent ? Observation.IDLE : Observation.ACTIVE;
    return new JobWindow(
        o, count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count), missing);
  }
}
