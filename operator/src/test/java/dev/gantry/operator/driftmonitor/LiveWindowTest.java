package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.operator.driftmonitor.stats.LiveCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveWindowTest {
  private static ServerStatistics server(
      String since, double[] amount, Map<String, Double> country) {
    return new ServerStatistics(
        since,
        Map.of("amount", LiveCounts.numeric(amount), "country", LiveCounts.categorical(country)));
  }

  @Test
  void sumsTheGrowthOfEveryServerSinceThePreviousSnapshot() {
    var previous =
        Map.of(
            "pod-a", server("t0", new double[] {1, 2, 3}, Map.of("DE", 2.0)),
            "pod-b", server("t0", new double[] {0, 0, 1}, Map.of("FR", 1.0)));
    var current =
        Map.of(
            "pod-a", server("t0", new double[] {4, 2, 5}, Map.of("DE", 5.0, "__other__", 1.0)),
            "pod-b", server("t0", new double[] {1, 1, 1}, Map.of("FR", 3.0)));

    var window = LiveWindow.delta(previous, current);

    assertThat(window.get("amount").bins()).containsExactly(4, 1, 2);
    assertThat(window.get("country").categories())
        .containsExactlyInAnyOrderEntriesOf(Map.of("DE", 3.0, "FR", 2.0, "__other__", 1.0));
  }

  @Test
  void aServerWithoutSnapshotContributesEverythingItCounted() {
    var current = Map.of("pod-new", server("t1", new double[] {5, 6, 7}, Map.of("DE", 3.0)));

    var window = LiveWindow.delta(Map.of(), current);

    assertThat(window.get("amount").bins()).containsExactly(5, 6, 7);
    assertThat(LiveWindow.samples(window, List.of("amount", "country"))).isEqualTo(3);
  }

  @Test
  void aRestartedServerIsCountedFromItsRestartNotNegatively() {
    var previous = Map.of("pod-a", server("t0", new double[] {10, 10, 10}, Map.of("DE", 9.0)));
    var current = Map.of("pod-a", server("t0", new double[] {2, 0, 1}, Map.of("DE", 1.0)));

    var window = LiveWindow.delta(previous, current);

    assertThat(window.get("amount").bins()).containsExactly(2, 0, 1);
    assertThat(window.get("country").categories()).containsEntry("DE", 1.0);
  }

  @Test
  void aNewSinceMeansARestartEvenWhenCountsGrew() {
    var previous = Map.of("pod-a", server("t0", new double[] {1, 1, 1}, Map.of("DE", 1.0)));
    var current = Map.of("pod-a", server("t9", new double[] {3, 3, 3}, Map.of("DE", 4.0)));

    assertThat(LiveWindow.delta(previous, current).get("amount").bins()).containsExactly(3, 3, 3);
  }

  @Test
  void aServerThatWentAwayContributesNothing() {
    var previous =
        Map.of(
            "gone", server("t0", new double[] {100, 100, 100}, Map.of("DE", 100.0)),
            "pod-a", server("t0", new double[] {1, 1, 1}, Map.of("DE", 1.0)));
    var current = Map.of("pod-a", server("t0", new double[] {2, 1, 1}, Map.of("DE", 1.0)));

    var window = LiveWindow.delta(previous, current);

    assertThat(window.get("amount").bins()).containsExactly(1, 0, 0);
    assertThat(LiveWindow.samples(window, List.of("amount", "country"))).isZero();
  }

  @Test
  void samplesAreTheFewestRowsOfAnyWatchedFeature() {
    var window =
        Map.of(
            "a", LiveCounts.numeric(10, 10),
            "b", LiveCounts.numeric(3, 4),
            "c", LiveCounts.categorical(Map.of("x", 50.0)));

    assertThat(LiveWindow.samples(window, List.of("a", "b", "c"))).isEqualTo(7);
    assertThat(LiveWindow.samples(window, List.of("a", "c"))).isEqualTo(20);
    assertThat(LiveWindow.samples(window, List.of("a", "missing"))).isZero();
  }

  @Test
  void serversCountingOnDifferentBinsAreRefused() {
    var current =
        Map.of(
            "pod-a", new ServerStatistics("t0", Map.of("amount", LiveCounts.numeric(1, 2))),
            "pod-b", new ServerStatistics("t0", Map.of("amount", LiveCounts.numeric(1, 2, 3))));

    assertThatThrownBy(() -> LiveWindow.delta(Map.of(), current))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different bins");
  }
}
