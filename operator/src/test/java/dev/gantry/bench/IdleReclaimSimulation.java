package dev.gantry.bench;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.operator.idle.IdleAccounting;
import dev.gantry.operator.idle.IdleAccounting.Observation;
import dev.gantry.operator.idle.IdleAccounting.State;
import dev.gantry.operator.idle.IdleCandidate;
import dev.gantry.operator.idle.VictimSelection;
import dev.gantry.operator.idle.VictimSelection.Reclaim;
import dev.gantry.operator.idle.WaitingWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: replays a synthetic month of GPU jobs through the same policy classes the
 * operator runs ({@link IdleAccounting}, {@link VictimSelection}) on a 64-GPU pool with a FIFO
 * scheduler that backfills, and compares Gantry's default policy with no policy and with a naive
 * "kill after N minutes at 0%". Prints a Markdown table; with -Dgantry.sim.out=FILE writes it too.
 *
 * <pre>
 * ./mvnw -B -pl operator -am test -Dtest=IdleReclaimSimulation -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The trace: each job is a list of segments, work (utilization drawn so the month's mean is near
 * 10%, as in Alibaba PAI) and pauses at 0%: short ones (data loading, evaluation, checkpoints: 1-10
 * min), long ones (a person away, debugging: 30 min-6 h) after which the job works again, and for
 * some jobs a final idle tail (forgotten notebooks and finished scripts that keep their pod: 1-24
 * h). The generator's parameters put the idle share of held GPU time inside the 25-49% reported for
 * Microsoft Philly; the table states the share actually generated.
 */
class IdleReclaimSimulation {
  private static final int CAPACITY = 64;
  private static final int DAYS = 30;
  private static final int MINUTES = DAYS * 24 * 60;
  private static final long SEED = 20261122L;
  private static final Duration TICK = Duration.ofMinutes(1);
  private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

  /** A stretch of a job's life: minutes long, at this utilization (0 = a pause). */
  record Segment(int minutes, double utilization, boolean finalTail) {}

  record JobSpec(int id, int arrival, int gpus, int priority, List<Segment> segments) {
    int length() {
      return segments.stream().mapToInt(Segment::minutes).sum();
    }
  }

  enum Policy {
    NONE,
    NAIVE_KILL_30M,
    NAIVE_KILL_60M,
    GANTRY_DEFAULT
  }

  static final class Run {
    final JobSpec spec;
    int position; // minutes of its timeline played
    int started = -1;
    boolean suspended;
    boolean killed;
    boolean done;
    int suspendedAt;
    int pauseEndsAt;
    State idle = State.restored(0);
    int runningSince;

    Run(JobSpec spec) {
      this.spec = spec;
    }

    Segment segmentAt(int pos) {
      int t = 0;
      for (Segment s : spec.segments) {
        if (pos < t + s.minutes()) {
          return s;
        }
        t += s.minutes();
      }
      return spec.segments.get(spec.segments.size() - 1);
    }

    /** Idle minutes from {@code pos} to the end of the pause it is in (0 while working). */
    int pauseLeft(int pos) {
      int t = 0;
      for (Segment s : spec.segments) {
        int end = t + s.minutes();
        if (pos < end) {
          if (s.utilization() > 0) {
            return 0;
          }
          int left = end - pos;
          // consecutive pauses count as one
          return left + pauseLeft(end);
        }
        t = end;
      }
      return 0;
    }

    /** True when, from {@code pos} on, the job would still use its GPUs again. */
    boolean worksAgainAfter(int pos) {
      int t = 0;
      for (Segment s : spec.segments) {
        int end = t + s.minutes();
        if (end > pos && s.utilization() > 0) {
          return true;
        }
        t = end;
      }
      return false;
    }
  }

  record Outcome(
      Policy policy,
      double heldGpuHours,
      double idleHeldGpuHours,
      double meanUtilization,
      double reclaimedGpuHours,
      double waitHours,
      int reclaims,
      int wrong,
      double delayedJobHours,
      double lostWorkGpuHours,
      int finished) {}

  static List<JobSpec> trace() {
    Random r = new Random(SEED);
    List<JobSpec> jobs = new ArrayList<>();
    int[] gpuChoices = {1, 1, 1, 2, 2, 4, 4, 8};
    int id = 0;
    for (int minute = 0; minute < MINUTES - 24 * 60; minute++) {
      int hour = (minute / 60) % 24;
      double perMinute = (hour >= 8 && hour < 20) ? 0.05 : 0.015; // people submit in the day
      if (r.nextDouble() >= perMinute) {
        continue;
      }
      List<Segment> segments = new ArrayList<>();
      int work = (int) Math.max(10, Math.exp(5.5 + 1.0 * r.nextGaussian())); // median ~4 h
      double intensity = 0.06 + 0.3 * r.nextDouble() * r.nextDouble(); // mean ~14% while working
      int left = work;
      while (left > 0) {
        int chunk = Math.min(left, 5 + r.nextInt(40));
        segments.add(new Segment(chunk, intensity * (0.7 + 0.6 * r.nextDouble()), false));
        left -= chunk;
        if (left > 0) {
          double kind = r.nextDouble();
          if (kind < 0.75) {
            segments.add(new Segment(1 + r.nextInt(10), 0, false));
          } else if (kind < 0.77) {
            segments.add(new Segment(30 + r.nextInt(330), 0, false));
          }
        }
      }
      if (r.nextDouble() < 0.15) {
        segments.add(new Segment(60 + r.nextInt(11 * 60), 0, true));
      }
      jobs.add(
          new JobSpec(
              id++, minute, gpuChoices[r.nextInt(gpuChoices.length)], r.nextInt(3), segments));
    }
    return jobs;
  }

  static Outcome simulate(List<JobSpec> trace, Policy policy) {
    Deque<Run> queue = new ArrayDeque<>();
    List<Run> running = new ArrayList<>();
    List<Run> suspended = new ArrayList<>();
    Map<Integer, Integer> waitMinutes = new HashMap<>();
    int next = 0;
    int used = 0;
    double held = 0;
    double idleHeld = 0;
    double utilSum = 0;
    double reclaimedGpuMinutes = 0;
    int reclaims = 0;
    int wrong = 0;
    double delayedMinutes = 0;
    double lost = 0;
    int finished = 0;
    Map<Integer, Integer> zeroMinutes = new HashMap<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      Instant now = EPOCH.plus(TICK.multipliedBy(minute));
      while (next < trace.size() && trace.get(next).arrival() == minute) {
        queue.add(new Run(trace.get(next++)));
      }
      // Resume reclaimed jobs when nothing waits and they fit (the operator's rule).
      if (queue.isEmpty()) {
        for (Run s : new ArrayList<>(suspended)) {
          if (CAPACITY - used >= s.spec.gpus()) {
            suspended.remove(s);
            s.suspended = false;
            // A pause is wall-clock time (a person away, a forgotten tail): what elapsed while
            // suspended is over when the job comes back; work is never skipped.
            s.position += Math.min(minute - s.suspendedAt, s.pauseLeft(s.position));
            if (s.position >= s.spec.length()) {
              s.done = true;
              finished++;
              continue;
            }
            s.idle = State.restored(0);
            s.runningSince = minute;
            running.add(s);
            used += s.spec.gpus();
          }
        }
      }
      // FIFO with backfill.
      for (Run q : new ArrayList<>(queue)) {
        if (CAPACITY - used >= q.spec.gpus()) {
          queue.remove(q);
          q.started = minute;
          q.runningSince = minute;
          running.add(q);
          used += q.spec.gpus();
        }
      }
      for (Run q : queue) {
        waitMinutes.merge(q.spec.id(), 1, Integer::sum);
      }
      for (Run s : suspended) {
        if (minute < s.pauseEndsAt) {
          reclaimedGpuMinutes += s.spec.gpus(); // idle time it would have held
        } else if (s.worksAgainAfter(s.position)) {
          delayedMinutes++; // it would be working now
        }
      }

      // Play one minute of every running job and account for its idleness.
      List<IdleCandidate> candidates = new ArrayList<>();
      Map<String, Run> byName = new HashMap<>();
      for (Run run : new ArrayList<>(running)) {
        Segment s = run.segmentAt(run.position);
        held += run.spec.gpus();
        utilSum += run.spec.gpus() * s.utilization();
        if (s.utilization() == 0) {
          idleHeld += run.spec.gpus();
        }
        run.position++;
        if (run.position >= run.spec.length()) {
          running.remove(run);
          used -= run.spec.gpus();
          run.done = true;
          finished++;
          continue;
        }
        Observation o = s.utilization() * 100 < 5 ? Observation.IDLE : Observation.ACTIVE;
        run.idle =
            IdleAccounting.next(
                run.idle,
                o,
                now.plus(TICK),
                TICK.plusSeconds(30),
                EPOCH.plus(TICK.multipliedBy(run.runningSince)),
                Duration.ofMinutes(10));
        zeroMinutes.merge(run.spec.id(), 1, (a, b) -> o == Observation.IDLE ? a + 1 : 0);
        if (o == Observation.ACTIVE) {
          zeroMinutes.put(run.spec.id(), 0);
        }
        if (policy == Policy.GANTRY_DEFAULT
            && IdleAccounting.idleEnough(run.idle, Duration.ofMinutes(30))) {
          String name = "job-" + run.spec.id();
          byName.put("sim/" + name, run);
          candidates.add(
              new IdleCandidate(
                  "sim",
                  name,
                  run.spec.gpus(),
                  run.spec.priority(),
                  run.idle.idleSeconds(),
                  0,
                  IdleAction.Suspend,
                  true));
        }
      }
      int killAfter = policy == Policy.NAIVE_KILL_30M ? 30 : 60;
      if (policy == Policy.NAIVE_KILL_30M || policy == Policy.NAIVE_KILL_60M) {
        for (Run run : new ArrayList<>(running)) {
          if (zeroMinutes.getOrDefault(run.spec.id(), 0) >= killAfter) {
            running.remove(run);
            used -= run.spec.gpus();
            run.killed = true;
            reclaims++;
            reclaimedGpuMinutes += (double) run.spec.gpus() * run.pauseLeft(run.position);
            if (run.worksAgainAfter(run.position)) {
              wrong++;
              lost += run.spec.gpus() * workLeft(run);
            }
          }
        }
      } else if (!candidates.isEmpty()) {
        List<WaitingWork> waiting = new ArrayList<>();
        for (Run q : queue) {
          waiting.add(
              new WaitingWork(
                  "sim",
                  "job-" + q.spec.id(),
                  q.spec.gpus(),
                  q.spec.priority(),
                  EPOCH.plus(TICK.multipliedBy(q.spec.arrival()))));
        }
        waiting.sort(
            java.util.Comparator.comparingInt(WaitingWork::priority)
                .reversed()
                .thenComparing(WaitingWork::since));
        // Freeing more than the free GPUs lack is the caller's job: only the shortfall waits.
        List<WaitingWork> shortfall = new ArrayList<>();
        int free = CAPACITY - used;
        for (WaitingWork w : waiting) {
          int need = Math.max(0, w.gpus() - free);
          free = Math.max(0, free - w.gpus());
          if (need > 0) {
            shortfall.add(new WaitingWork(w.namespace(), w.name(), need, w.priority(), w.since()));
          }
        }
        for (Reclaim rc : VictimSelection.choose(candidates, shortfall, Map.of())) {
          Run run = byName.get(rc.victim().ref());
          running.remove(run);
          used -= run.spec.gpus();
          run.suspended = true;
          run.suspendedAt = minute;
          run.pauseEndsAt = minute + run.pauseLeft(run.position);
          suspended.add(run);
          reclaims++;
          if (run.worksAgainAfter(run.position)) {
            wrong++;
          }
        }
      }
    }
    double waitHours = waitMinutes.values().stream().mapToInt(Integer::intValue).sum() / 60.0;
    return new Outcome(
        policy,
        held / 60,
        idleHeld / 60,
        held == 0 ? 0 : utilSum / held,
        reclaimedGpuMinutes / 60,
        waitHours,
        reclaims,
        wrong,
        delayedMinutes / 60,
        lost / 60,
        finished);
  }

  private static int workLeft(Run run) {
    int t = 0;
    int work = 0;
    for (Segment s : run.spec.segments()) {
      int end = t + s.minutes();
      if (end > run.position && s.utilization() > 0) {
        work += end - Math.max(t, run.position);
      }
      t = end;
    }
    return work;
  }

  @Test
  void replayAMonth() throws IOException {
    List<JobSpec> trace = trace();
    List<Outcome> outcomes = new ArrayList<>();
    for (Policy p : Policy.values()) {
      outcomes.add(simulate(trace, p));
    }
    Outcome base = outcomes.get(0);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            "Trace: %d jobs over %d days on %d GPUs (seed %d). Without a policy: %.0f GPU-hours"
                + " held, %.1f%% of them idle (0%%), mean utilization of held GPUs %.1f%%.%n%n",
            trace.size(),
            DAYS,
            CAPACITY,
            SEED,
            base.heldGpuHours(),
            100 * base.idleHeldGpuHours() / base.heldGpuHours(),
            100 * base.meanUtilization()));
    md.append(
        "| policy | GPU-hours reclaimed | queue wait (job-hours) | wait saved vs none | reclaims |"
            + " wrongly reclaimed | delay imposed on them (job-hours) | work lost (GPU-hours) |"
            + " jobs finished |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Outcome o : outcomes) {
      md.append(
          String.format(
              "| %s | %.0f | %.0f | %.0f%% | %d | %d (%.0f%%) | %.0f | %.0f | %d |%n",
              o.policy(),
              o.reclaimedGpuHours(),
              o.waitHours(),
              base.waitHours() == 0
                  ? 0
                  : 100 * (base.waitHours() - o.waitHours()) / base.waitHours(),
              o.reclaims(),
              o.wrong(),
              o.reclaims() == 0 ? 0 : 100.0 * o.wrong() / o.reclaims(),
              o.delayedJobHours(),
              o.lostWorkGpuHours(),
              o.finished()));
    }
    System.out.println(md);
    String out = System.getProperty("gantry.sim.out");
    if (out != null) {
      Files.writeString(Path.of(out), md.toString());
    }
  }
}
