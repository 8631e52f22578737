package dev.gantry.operator.idle;

import java.time.Duration;

/** The PromQL the reclaimer sends, from the configured templates. */
public final class UtilizationQuery {
  public static final String DEFAULT_MAX =
      "max by ({namespace}, {pod}, gpu) (max_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[{window}]))"
          + " * 100 or max by ({namespace}, {pod}, gpu)"
          + " (max_over_time(DCGM_FI_DEV_GPU_UTIL[{window}]))";
  public static final String DEFAULT_MEAN =
      "max by ({namespace}, {pod}, gpu) (avg_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[{window}]))"
          + " * 100 or max by ({namespace}, {pod}, gpu)"
          + " (avg_over_time(DCGM_FI_DEV_GPU_UTIL[{window}]))";

  private UtilizationQuery() {}

  public static String render(String template, Duration window, String nsLabel, String podLabel) {
    return template
        .replace("{window}", window.toSeconds() + "s")
        .replace("{namespace}", nsLabel)
        .replace("{pod}", podLabel);
  }
}
