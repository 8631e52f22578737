package dev.gantry.operator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiDurationsTest {
  @Test
  void parsesTheApiDurations() {
    assertThat(ApiDurations.parse("5m", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(ApiDurations.parse("1h30m", null)).isEqualTo(Duration.ofMinutes(90));
    assertThat(ApiDurations.parse("10s500ms", null)).isEqualTo(Duration.ofMillis(10_500));
    assertThat(ApiDurations.parse(null, Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void refusesOtherText() {
    assertThatThrownBy(() -> ApiDurations.parse("5 minutes", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiDurations.parse("1d", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsSurroundingSpaceAndRefusesEmptyText() {
    assertThat(ApiDurations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> ApiDurations.parse(""))
        .hasMessage("'' is not a duration such as 30s, 5m or 1h30m");
  }

  @Test
  void writesElapsedTimeAsPeopleReadIt() {
    assertThat(ApiDurations.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(ApiDurations.human(Duration.ofMinutes(31))).isEqualTo("31m");
    assertThat(ApiDurations.human(Duration.ofMinutes(65))).isEqualTo("1h5m");
    assertThat(ApiDurations.human(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(ApiDurations.human(Duration.ofSeconds(-3))).isEqualTo("0s");
  }

  @Test
  void promRangesAreWholeSecondsRoundedUp() {
    assertThat(ApiDurations.promRange(Duration.ofMillis(44_100))).isEqualTo("45s");
    assertThat(ApiDurations.promRange(Duration.ZERO)).isEqualTo("1s");
  }
}
