package dev.gantry.operator.batchprediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexSetTest {
  @Test
  void readsNumbersAndRanges() {
    assertThat(IndexSet.parse("0-2,5,7-8", 10).toString()).isEqualTo("{0, 1, 2, 5, 7, 8}");
  }

  @Test
  void ignoresIndexesBeyondTheLimitAndMalformedParts() {
    assertThat(IndexSet.parse("1,x,3-99", 5).toString()).isEqualTo("{1, 3, 4}");
    assertThat(IndexSet.parse(null, 5).isEmpty()).isTrue();
    assertThat(IndexSet.parse("", 5).isEmpty()).isTrue();
  }
}
