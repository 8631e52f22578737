package dev.gantry.operator.idle;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.idle.VictimSelection.Reclaim;
import java.time.Duration;

/** The sentences people read in conditions and events. */
public final class ReclaimMessages {
  private ReclaimMessages() {}

  /** "GPU utilization 0% for 31m; suspended to free 4 GPUs for team-b/big-train". */
  public static String reclaimed(Reclaim r) {
    IdleCandidate v = r.victim();
    String verb = v.action() == IdleAction.Terminate ? "terminated" : "suspended";
    String gpus = v.gpus() + (v.gpus() == 1 ? " GPU" : " GPUs");
    String why =
        r.forWork()
            .map(w -> " to free " + gpus + " for " + w.ref())
            .orElse(" to free " + gpus + " (onlyWhenPending is false)");
    return "GPU utilization "
        + IdlePass.percent(v.utilizationPercent())
        + " for "
        + ApiDurations.human(Duration.ofSeconds(v.idleSeconds()))
        + "; "
        + verb
        + why;
  }

  /** The Notify action's event: what would have happened. */
  public static String notified(String idleMessage) {
    return idleMessage + "; action is Notify, so nothing is reclaimed";
  }
}
