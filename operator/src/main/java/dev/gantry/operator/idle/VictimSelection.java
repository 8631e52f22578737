package dev.gantry.operator.idle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses which idle jobs give their GPUs to which waiting work. Pure.
 *
 * <p>Waiting work is served in its order (highest priority, then longest waiting). For each, idle
 * jobs are taken lowest priority first, then longest idle, until the GPUs they free (plus those
 * already being freed for that work) cover what it asks for: no more jobs than needed. An idle job
 * of higher priority than the waiting work is never taken for it, nor is a job whose reclaim would
 * not free what the work waits for (Kueue quota of another pool, {@link IdleCandidate#helps}). Jobs
 * with {@code onlyWhenPending: false} that no waiting work needed are reclaimed anyway, for nobody.
 */
public final class VictimSelection {
  private VictimSelection() {}

  /**
   * @param forWork the waiting work the GPUs go to; empty for an {@code onlyWhenPending: false}
   *     reclaim with nobody waiting
   */
  public record Reclaim(IdleCandidate victim, Optional<WaitingWork> forWork) {}

  public static final Comparator<IdleCandidate> ORDER =
      Comparator.comparingInt(IdleCandidate::priority)
          .thenComparing(Comparator.comparingLong(IdleCandidate::idleSeconds).reversed())
          .thenComparing(IdleCandidate::ref);

  /**
   * @param candidates idle, non-exempt jobs whose action reclaims (Suspend or Terminate)
   * @param waiting work waiting for GPUs, in serving order
   * @param beingFreed GPUs already on their way to a waiting work (by {@link WaitingWork#ref()}):
   *     pods of jobs reclaimed for it that are still terminating
   */
  public static List<Reclaim> choose(
      List<IdleCandidate> candidates, List<WaitingWork> waiting, Map<String, Integer> beingFreed) {
    List<IdleCandidate> ordered = new ArrayList<>(candidates);
    ordered.sort(ORDER);
    Set<IdleCandidate> free = new LinkedHashSet<>(ordered);
    List<Reclaim> reclaims = new ArrayList<>();
    for (WaitingWork work : waiting) {
      int need = work.gpus() - beingFreed.getOrDefault(work.ref(), 0);
      for (IdleCandidate c : ordered) {
        if (need <= 0) {
          break;
        }
        if (!free.contains(c)
            || c.priority() > work.priority()
            || c.gpus() == 0
            || !c.helps(work)) {
          continue;
        }
        free.remove(c);
        reclaims.add(new Reclaim(c, Optional.of(work)));
        need -= c.gpus();
      }
    }
    for (IdleCandidate c : free) {
      if (!c.onlyWhenPending()) {
        reclaims.add(new Reclaim(c, Optional.empty()));
      }
    }
    return reclaims;
  }
}
