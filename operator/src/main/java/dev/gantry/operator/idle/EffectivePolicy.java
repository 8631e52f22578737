package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.IdlePolicy;
import dev.gantry.operator.common.ApiDurations;
import java.time.Duration;
import java.util.Optional;

/**
 * A job's idle policy with every field resolved: the job's own (CRD defaults filled in by the API
 * server), or the operator's cluster-wide default when the job sets none.
 */
public record EffectivePolicy(
    double thresholdPercent,
    Duration idleAfter,
    Duration minRuntime,
    Duration gracePeriod,
    IdleAction action,
    boolean onlyWhenPending) {

  /**
   * How a job without a policy is measured: idle time counts below 5% from its start; it never
   * reaches idleAfter and is never acted on.
   */
  public static final EffectivePolicy MEASURE_ONLY =
      new EffectivePolicy(
          5,
          Duration.ofSeconds(Long.MAX_VALUE),
          Duration.ZERO,
          Duration.ZERO,
          IdleAction.Notify,
          true);

  /** Empty when the job is not watched (policy disabled, or no policy and no default). */
  public static Optional<EffectivePolicy> of(IdlePolicy own, Optional<IdlePolicy> clusterDefault) {
    IdlePolicy p = own != null ? own : clusterDefault.orElse(null);
    if (p == null || Boolean.FALSE.equals(p.enabled)) {
      return Optional.empty();
    }
    return Optional.of(
        new EffectivePolicy(
            p.gpuUtilizationThreshold == null ? 5 : p.gpuUtilizationThreshold,
            ApiDurations.parse(p.idleAfter == null ? "30m" : p.idleAfter),
            ApiDurations.parse(p.minRuntime == null ? "10m" : p.minRuntime),
            ApiDurations.parse(p.gracePeriod == null ? "2m" : p.gracePeriod),
            p.action == null ? IdleAction.Suspend : p.action,
            p.onlyWhenPending == null || p.onlyWhenPending));
  }
}
