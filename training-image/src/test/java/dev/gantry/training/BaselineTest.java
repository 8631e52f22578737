package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.Bins;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import dev.gantry.contract.TrainingEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int BINS = 8;

  @TempDir Path dir;

  @Test
  void baselineJsonMatchesAnIndependentComputationOnTheSameData() throws Exception {
    TrainingFixture f = new TrainingFixture(dir);
    Path csv = f.generated(FraudDataGenerator.builder().seed(3).build(), 3000);
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"baselineBins\":\"" + BINS + "\"}");
    assertThat(f.train()).as(f.stderr).isZero();

    BaselineStatistics baseline =
        JSON.readValue(f.output.resolve("baseline.json").toFile(), BaselineStatistics.class);

    // Independent: split the raw lines ourselves (generated CSV has no quoting).
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    List<String[]> rows =
        lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    assertThat(baseline.schemaVersion()).isEqualTo(1);
    assertThat(baseline.rowCount()).isEqualTo(3000);
    assertThat(baseline.features().stream().map(FeatureBaseline::name))
        .containsExactlyElementsOf(header.subList(0, header.size() - 1));

    for (FeatureBaseline feature : baseline.features()) {
      int c = header.indexOf(feature.name());
      if (FraudDataGenerator.NUMERIC_FEATURES.contains(feature.name())) {
        double[] values = rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
        assertNumericMatches(feature, values);
      } else {
        Map<String, Long> expected =
            rows.stream()
                .collect(Collectors.groupingBy(r -> r[c], TreeMap::new, Collectors.counting()));
        assertThat(feature.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(feature.categories()).isEqualTo(expected);
        assertThat(feature.missing()).isZero();
        assertThat(feature.binEdges()).isNull();
      }
    }
  }

  private static void assertNumericMatches(FeatureBaseline feature, double[] values) {
    assertThat(feature.type()).isEqualTo(FeatureType.NUMERIC);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= BINS; i++) {
      // numpy.quantile(values, i / BINS) with its default linear method.
      double pos = (sorted.length - 1) * (i / (double) BINS);
      int below = (int) pos;
      double frac = pos - below;
      double edge =
          below + 1 < sorted.length
              ? sorted[below] * (1 - frac) + sorted[below + 1] * frac
              : sorted[below];
      if (edges.isEmpty() || edge > edges.get(edges.size() - 1) + 1e-12) {
        edges.add(edge);
      }
    }
    assertThat(feature.binEdges()).hasSameSizeAs(edges);
    for (int i = 0; i < edges.size(); i++) {
      assertThat(feature.binEdges().get(i)).isCloseTo(edges.get(i), within(1e-9));
    }
    assertThat(feature.binEdges().get(0)).isEqualTo(sorted[0]);
    assertThat(feature.binEdges().get(edges.size() - 1)).isEqualTo(sorted[sorted.length - 1]);
    // The contract's rule, written as a linear scan: the last bin whose lower edge is <= v.
    long[] counts = new long[edges.size() - 1];
    for (double v : values) {
      int bin = 0;
      for (int b = 1; b < counts.length; b++) {
        if (edges.get(b) <= v) {
          bin = b;
        }
      }
      counts[bin]++;
    }
    assertThat(feature.counts()).containsExactlyElementsOf(Arrays.stream(counts).boxed().toList());
    assertThat(feature.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(values.length);
    double mean = Arrays.stream(values).average().orElseThrow();
    double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
    assertThat(feature.mean()).isCloseTo(mean, within(1e-9 * Math.max(1, Math.abs(mean))));
    assertThat(feature.stddev())
        .isCloseTo(Math.sqrt(variance), within(1e-9 * Math.max(1, Math.sqrt(variance))));
    assertThat(feature.missing()).isZero();
  }

  @Test
  void countsUseTheSameBinsAsLiveHistogramsIncludingValuesOutsideTheTrainingRange() {
    FeatureBaseline f =
        BaselineCalculator.numeric("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 4);

    assertThat(f.binEdges()).containsExactly(1.0, 3.0, 5.0, 7.0, 9.0);
    assertThat(f.counts()).containsExactly(2L, 2L, 2L, 3L);
    assertThat(Bins.indexOf(f.binEdges(), -100)).isZero();
    assertThat(Bins.indexOf(f.binEdges(), 9)).isEqualTo(3);
    assertThat(Bins.indexOf(f.binEdges(), 1e9)).isEqualTo(3);
  }

  @Test
  void repeatedValuesMergeEdgesAndAConstantColumnGetsOneBin() {
    FeatureBaseline skewed =
        BaselineCalculator.numeric("x", new double[] {0, 0, 0, 0, 0, 0, 0, 1}, 4);
    FeatureBaseline constant = BaselineCalculator.numeric("c", new double[] {5, 5, 5}, 10);

    assertThat(skewed.binEdges()).containsExactly(0.0, 1.0);
    assertThat(skewed.counts()).containsExactly(8L);
    assertThat(constant.binEdges()).containsExactly(5.0, 5.0);
    assertThat(constant.counts()).containsExactly(3L);
    assertThat(constant.stddev()).isZero();
  }

  @Test
  void emptyCategoriesCountAsMissing() {
    FeatureBaseline f = BaselineCalculator.categorical("m", new String[] {"a", "", "b", "a"});

    assertThat(f.categories()).containsExactly(Map.entry("a", 2L), Map.entry("b", 1L));
    assertThat(f.missing()).isEqualTo(1);
  }
}
