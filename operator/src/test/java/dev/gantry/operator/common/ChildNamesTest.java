package dev.gantry.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildNamesTest {
  @Test
  void aSuffixedNameFitsTheLimitWithoutATrailingDash() {
    assertThat(ChildNames.withSuffix("fraud", "-plan")).isEqualTo("fraud-plan");
    String name = ChildNames.withSuffix("a".repeat(40) + "-b-" + "c".repeat(20), "-shards");
    assertThat(name).isEqualTo("a".repeat(40) + "-b-" + "c".repeat(13) + "-shards").hasSize(63);
    assertThat(ChildNames.withSuffix("abc-defgh", "-x", 6)).isEqualTo("abc-x");
  }
}
