package dev.gantry.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "61 * * * *",
        "* 24 * * *",
        "* * 32 * *",
        "a b c d e",
        "* * * * 8",
        "*/0 * * * *",
        "5-1 * * * *"
      })
  void refusesWhatIsNoCron(String expression) {
    assertThatThrownBy(() -> CronSchedule.parse(expression))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @Timeout(10)
  void aCronThatNeverFiresHasNoNextFiring() {
    CronSchedule february30 = CronSchedule.parse("0 0 30 2 *");
    Instant now = Instant.parse("2026-11-25T12:00:00Z");

    assertThat(february30.nextAfter(now)).isEmpty();
    assertThat(february30.lastAtOrBefore(now)).isEmpty();
  }

  @Test
  void everyMinuteFiresAtEachMinute() {
    CronSchedule everyMinute = CronSchedule.parse("* * * * *");
    Instant now = Instant.parse("2026-11-25T12:00:30Z");

    assertThat(everyMinute.lastAtOrBefore(now)).contains(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(everyMinute.nextAfter(now))
        .contains(Instant.parse("2026-11-25T12:00:00Z").plus(Duration.ofMinutes(1)));
  }
}
