package dev.gantry.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private final CronSchedule sundays = CronSchedule.parse("0 3 * * 0");

  @Test
  void findsTheLastAndNextFiringInUtc() {
    Instant wednesday = Instant.parse("2026-11-25T12:00:00Z");

    assertThat(sundays.lastAtOrBefore(wednesday)).contains(Instant.parse("2026-11-22T03:00:00Z"));
    assertThat(sundays.nextAfter(wednesday)).contains(Instant.parse("2026-11-29T03:00:00Z"));
  }

  @Test
  void aFiringTimeItselfCountsAsFired() {
    Instant firing = Instant.parse("2026-11-22T03:00:00Z");

    assertThat(sundays.lastAtOrBefore(firing)).contains(firing);
    assertThat(sundays.lastAtOrBefore(firing.minusMillis(1)))
        .contains(Instant.parse("2026-11-15T03:00:00Z"));
  }
}
