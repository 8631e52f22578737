package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.IdlePolicy;
import java.time.Duration;
import java.util.Optional;

/** What one reclaimer needs to know, resolved from {@link IdleConfig} (or built by tests). */
public record ReclaimSettings(
    Duration checkInterval,
    String maxQuery,
    String meanQuery,
    String namespaceLabel,
    String podLabel,
    String gpuResourceName,
    Optional<IdlePolicy> defaultPolicy) {

  public static ReclaimSettings of(IdleConfig config, String gpuResourceName) {
    Optional<IdlePolicy> defaultPolicy = Optional.empty();
    IdleConfig.DefaultPolicy d = config.defaultPolicy();
    if (d.enabled()) {
      IdlePolicy p = new IdlePolicy();
      p.enabled = true;
      p.gpuUtilizationThreshold = d.gpuUtilizationThreshold();
      p.idleAfter = d.idleAfter();
      p.minRuntime = d.minRuntime();
      p.gracePeriod = d.gracePeriod();
      p.action = IdleAction.valueOf(d.action());
      p.onlyWhenPending = d.onlyWhenPending();
      defaultPolicy = Optional.of(p);
    }
    return new ReclaimSettings(
        config.checkInterval(),
        config.maxQuery(),
        config.meanQuery(),
        config.namespaceLabel(),
        config.podLabel(),
        gpuResourceName,
        defaultPolicy);
  }

  /** Defaults with another check interval: for tests and the simulation. */
  public static ReclaimSettings defaults(Duration checkInterval) {
    return new ReclaimSettings(
        checkInterval,
        UtilizationQuery.DEFAULT_MAX,
        UtilizationQuery.DEFAULT_MEAN,
        "namespace",
        "pod",
        "nvidia.com/gpu",
        Optional.empty());
  }

  /** How far back each query looks: the interval plus slack for scrape and evaluation delays. */
  public Duration window() {
    return checkInterval.plus(checkInterval.dividedBy(2)).plusSeconds(1);
  }
}
