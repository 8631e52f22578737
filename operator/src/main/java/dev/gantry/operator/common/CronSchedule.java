package dev.gantry.operator.common;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A five-field (Unix) cron expression, evaluated in UTC as Kubernetes CronJobs are by default
 * (cron-utils does the calendar arithmetic).
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime execution;

  private CronSchedule(ExecutionTime execution) {
    this.execution = execution;
  }

  /**
   * @throws IllegalArgumentException for an expression cron-utils refuses
   */
  public static CronSchedule parse(String expression) {
    return new CronSchedule(ExecutionTime.forCron(PARSER.parse(expression.trim())));
  }

  /** The latest firing at or before {@code now}. */
  public Optional<Instant> lastAtOrBefore(Instant now) {
    var at = now.atZone(ZoneOffset.UTC);
    if (execution.isMatch(at.withNano(0).withSecond(0))
        && at.getSecond() == 0
        && at.getNano() == 0) {
      return Optional.of(now);
    }
    return execution.lastExecution(at).map(z -> z.toInstant());
  }

  /** The first firing after {@code now}. */
  public Optional<Instant> nextAfter(Instant now) {
    return execution.nextExecution(now.atZone(ZoneOffset.UTC)).map(z -> z.toInstant());
  }
}
