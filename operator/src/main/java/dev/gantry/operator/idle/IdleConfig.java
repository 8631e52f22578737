package dev.gantry.operator.idle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Idle-GPU reclaim settings (GANTRY_IDLE_*); the Prometheus source is gantry.prometheus.*. */
@ConfigMapping(prefix = "gantry.idle")
public interface IdleConfig {
  /** Run the reclaimer at all (it also keeps the GPU metrics of the operator's endpoint). */
  @WithDefault("true")
  boolean enabled();

  /** Time between two passes over all TrainingJobs; also the window each query looks back. */
  @WithDefault("30s")
  Duration checkInterval();

  /**
   * Per-GPU maximum utilization in percent over a window. {@code {window}}, {@code {namespace}} and
   * {@code {pod}} are replaced. DCGM's graphics-engine activity (a 0-1 ratio, more faithful on
   * recent GPUs) is preferred where the exporter has it; GPU_UTIL otherwise.
   */
  @WithDefault(UtilizationQuery.DEFAULT_MAX)
  String maxQuery();

  /** Per-GPU mean utilization in percent over a window, for status and metrics. */
  @WithDefault(UtilizationQuery.DEFAULT_MEAN)
  String meanQuery();

  /** The series label holding the pod's namespace ("exported_namespace" behind some scrapers). */
  @WithDefault("namespace")
  String namespaceLabel();

  /** The series label holding the pod's name ("exported_pod" behind some scrapers). */
  @WithDefault("pod")
  String podLabel();

  /** The policy of TrainingJobs that set no spec.idlePolicy. */
  DefaultPolicy defaultPolicy();

  interface DefaultPolicy {
    /** Off: a job without spec.idlePolicy is not watched. */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("5")
    int gpuUtilizationThreshold();

    @WithDefault("30m")
    String idleAfter();

    @WithDefault("10m")
    String minRuntime();

    @WithDefault("2m")
    String gracePeriod();

    @WithDefault("Suspend")
    String action();

    @WithDefault("true")
    boolean onlyWhenPending();
  }
}
