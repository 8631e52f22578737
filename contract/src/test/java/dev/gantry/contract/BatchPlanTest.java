package dev.gantry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.contract.BatchPlan.Range;
import dev.gantry.contract.BatchPlan.Shard;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  @Test
  void oneFileSplitsIntoNearlyEqualContiguousShards() {
    List<Shard> shards = BatchPlan.split(List.of(10L), 4);
    assertThat(shards).extracting(Shard::rows).containsExactly(2L, 3L, 2L, 3L);
    assertThat(shards).extracting(Shard::firstRow).containsExactly(0L, 2L, 5L, 7L);
    assertThat(shards.get(1).ranges()).containsExactly(new Range(0, 2, 3));
  }

  @Test
  void aShardSpansTheEndOfOneFileAndTheStartOfTheNext() {
    List<Shard> shards = BatchPlan.split(List.of(3L, 0L, 5L), 2);
    assertThat(shards.get(0).ranges()).containsExactly(new Range(0, 0, 3), new Range(2, 0, 1));
    assertThat(shards.get(1).ranges()).containsExactly(new Range(2, 1, 4));
  }

  @Test
  void everyRowBelongsToExactlyOneShard() {
    List<Long> files = List.of(1_000_003L, 17L, 0L, 250_000L);
    List<Shard> shards = BatchPlan.split(files, 7);
    long next = 0;
    for (Shard s : shards) {
      assertThat(s.firstRow()).isEqualTo(next);
      assertThat(s.ranges().stream().mapToLong(Range::rows).sum()).isEqualTo(s.rows());
      next += s.rows();
    }
    assertThat(next).isEqualTo(1_250_020L);
  }

  @Test
  void moreShardsThanRowsLeavesSomeEmpty() {
    List<Shard> shards = BatchPlan.split(List.of(2L), 4);
    assertThat(shards).extracting(Shard::rows).containsExactly(0L, 1L, 0L, 1L);
    assertThat(shards.get(0).ranges()).isEmpty();
  }

  @Test
  void hugeRowCountsDoNotOverflow() {
    List<Shard> shards = BatchPlan.split(List.of(Long.MAX_VALUE / 2), 3);
    assertThat(shards.stream().mapToLong(Shard::rows).sum()).isEqualTo(Long.MAX_VALUE / 2);
  }

  @Test
  void refusesNoShardsAndNegativeRows() {
    assertThatThrownBy(() -> BatchPlan.split(List.of(1L), 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> BatchPlan.split(List.of(-1L), 1)).hasMessageContaining("-1 rows");
  }
}
