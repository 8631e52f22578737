package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecDurationsTest {
  @Test
  void parsesTheApiDurations() {
    assertThat(SpecDurations.parse("5m", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(SpecDurations.parse("1h30m", null)).isEqualTo(Duration.ofMinutes(90));
    assertThat(SpecDurations.parse("10s500ms", null)).isEqualTo(Duration.ofMillis(10_500));
    assertThat(SpecDurations.parse(null, Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void refusesOtherText() {
    assertThatThrownBy(() -> SpecDurations.parse("5 minutes", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpecDurations.parse("1d", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
