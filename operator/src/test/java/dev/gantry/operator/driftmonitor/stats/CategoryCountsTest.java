package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoryCountsTest {

  @Test
  void anUnseenLiveCategoryGetsAReferenceCountOfZero() {
    HistogramPair pair =
        CategoryCounts.align(Map.of("red", 60L, "blue", 40L), Map.of("red", 5.0, "purple", 3.0));
    // Sorted: blue, purple, red.
    assertThat(pair.reference()).containsExactly(40, 0, 60);
    assertThat(pair.live()).containsExactly(0, 3, 5);
  }

  @Test
  void theCategoryOrderDoesNotDependOnTheMapsOrder() {
    HistogramPair a = CategoryCounts.align(Map.of("x", 1, "y", 2), Map.of("y", 3, "x", 4));
    HistogramPair b = CategoryCounts.align(Map.of("y", 2, "x", 1), Map.of("x", 4, "y", 3));
    assertThat(a).isEqualTo(b);
  }
}
