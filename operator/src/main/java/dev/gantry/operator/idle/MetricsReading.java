package dev.gantry.operator.idle;

import java.util.Optional;

/**
 * The outcome of one round of utilization queries: the samples, or why there are none.
 *
 * @param reason condition reason when unavailable (PrometheusUnreachable, ...)
 * @param message human message when unavailable
 */
public record MetricsReading(
    Optional<PodGpuSamples> max, Optional<PodGpuSamples> mean, String reason, String message) {

  public static MetricsReading of(PodGpuSamples max, PodGpuSamples mean) {
    return new MetricsReading(Optional.of(max), Optional.of(mean), null, null);
  }

  public static MetricsReading unavailable(String reason, String message) {
    return new MetricsReading(Optional.empty(), Optional.empty(), reason, message);
  }

  public boolean available() {
    return max.isPresent();
  }
}
