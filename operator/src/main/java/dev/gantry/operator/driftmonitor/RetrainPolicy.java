package dev.gantry.operator.driftmonitor;

import dev.gantry.api.v1alpha1.driftmonitor.RetrainSpec;
import dev.gantry.operator.common.ApiDurations;
import dev.gantry.operator.common.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a DriftMonitor starts a retraining TrainingJob now. Pure: the caller lists the monitor's
 * TrainingJobs from the API server, so the decision survives operator restarts.
 *
 * <p>At most one retraining runs at a time; none starts within {@code cooldown} of the last one
 * (whatever its reason); then, in this order: drift in this evaluation ({@code onDrift}), a model
 * older than {@code maxModelAge}, a {@code schedule} firing since the last retraining (or since the
 * monitor was created).
 */
public final class RetrainPolicy {
  public static final String DRIFT = "Drift";
  public static final String MODEL_AGE = "ModelAge";
  public static final String SCHEDULE = "Schedule";

  public static final String DISABLED = "Disabled";
  public static final String RUNNING = "RetrainRunning";
  public static final String COOLDOWN = "Cooldown";
  public static final String NOT_DUE = "NotDue";

  static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

  private RetrainPolicy() {}

  /** A retraining TrainingJob of the monitor. */
  public record Run(String name, Instant created, boolean finished) {}

  /**
   * @param spec the monitor's retrain settings (may be null)
   * @param now the clock
   * @param drifted whether this evaluation's verdict was Drifted (false while collecting)
   * @param runs the monitor's retraining TrainingJobs, as the API server has them
   * @param lastRecorded status.lastRetrain.time, in case its TrainingJob was deleted
   * @param monitorCreated the monitor's creationTimestamp: a schedule counts from here
   * @param modelCreated the served ModelVersion's creationTimestamp, if known
   */
  public record Inputs(
      RetrainSpec spec,
      Instant now,
      boolean drifted,
      List<Run> runs,
      Instant lastRecorded,
      Instant monitorCreated,
      Instant modelCreated) {}

  /** Start one now, or hold, with a reason and a message fit for a condition. */
  public record Decision(boolean start, String reason, String message) {
    static Decision start(String reason, String message) {
      return new Decision(true, reason, message);
    }

    static Decision hold(String reason, String message) {
      return new Decision(false, reason, message);
    }
  }

  public static Decision decide(Inputs in) {
    RetrainSpec spec = in.spec();
    if (spec == null || !Boolean.TRUE.equals(spec.enabled) || spec.template == null) {
      return Decision.hold(DISABLED, "retraining is not enabled");
    }
    Optional<Run> running = in.runs().stream().filter(r -> !r.finished()).findFirst();
    if (running.isPresent()) {
      return Decision.hold(
          RUNNING, "TrainingJob " + running.get().name() + " is still running; one at a time");
    }
    Instant last = lastRetrain(in.runs(), in.lastRecorded());
    Optional<Decision> due = due(in, spec, last);
    if (due.isEmpty()) {
      return Decision.hold(NOT_DUE, "no drift, model age or schedule calls for retraining");
    }
    Duration cooldown = ApiDurations.parse(spec.cooldown, DEFAULT_COOLDOWN);
    if (last != null && in.now().isBefore(last.plus(cooldown))) {
      return Decision.hold(
          COOLDOWN,
          due.get().message()
              + ", but the last retraining started at "
              + last
              + " and the cooldown of "
              + spec.cooldown
              + " lasts until "
              + last.plus(cooldown));
    }
    return due.get();
  }

  private static Optional<Decision> due(Inputs in, RetrainSpec spec, Instant last) {
    if (in.drifted() && !Boolean.FALSE.equals(spec.onDrift)) {
      return Optional.of(Decision.start(DRIFT, "the live inputs drifted"));
    }
    if (spec.maxModelAge != null && in.modelCreated() != null) {
      Duration maxAge = ApiDurations.parse(spec.maxModelAge, null);
      if (!in.now().isBefore(in.modelCreated().plus(maxAge))) {
        return Optional.of(
            Decision.start(
                MODEL_AGE,
                "the served model was created at "
                    + in.modelCreated()
                    + ", more than maxModelAge "
                    + spec.maxModelAge
                    + " ago"));
      }
    }
    if (spec.schedule != null) {
      Instant since = last != null ? last : in.monitorCreated();
      Optional<Instant> fired = CronSchedule.parse(spec.schedule).lastAtOrBefore(in.now());
      if (fired.isPresent() && (since == null || fired.get().isAfter(since))) {
        return Optional.of(
            Decision.start(
                SCHEDULE, "the schedule \"" + spec.schedule + "\" fired at " + fired.get()));
      }
    }
    return Optional.empty();
  }

  static Instant lastRetrain(List<Run> runs, Instant lastRecorded) {
    Instant newest =
        runs.stream().map(Run::created).max(Comparator.naturalOrder()).orElse(lastRecorded);
    if (lastRecorded != null && newest != null && lastRecorded.isAfter(newest)) {
      return lastRecorded;
    }
    return newest;
  }

  /**
   * {@code <monitor>-retrain-<n>}, one more than the highest n taken, so the history reads well.
   */
  public static String nextName(String monitor, List<Run> runs) {
    String prefix = RetrainResources.namePrefix(monitor);
    int highest = 0;
    for (Run run : runs) {
      if (run.name().startsWith(prefix)) {
        try {
          highest = Math.max(highest, Integer.parseInt(run.name().substring(prefix.length())));
        } catch (NumberFormatException e) {
          // not one of ours by name; ignore
        }
      }
    }
    return prefix + (highest + 1);
  }
}
