package dev.gantry.operator.driftmonitor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gantry.operator.driftmonitor.stats.ScipyFixtures.CategoricalCase;
import dev.gantry.operator.driftmonitor.stats.ScipyFixtures.NumericCase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every statistic agrees with SciPy to 1e-6 on every committed fixture. */
class ScipyAgreementTest {
  private static final double TOLERANCE = 1e-6;

  /** Largest absolute difference seen per quantity, printed once for the record. */
  private static final Map<String, Double> MAX_DIFF = new ConcurrentHashMap<>();

  static List<NumericCase> numeric() {
    return ScipyFixtures.numeric();
  }

  static List<CategoricalCase> categorical() {
    return ScipyFixtures.categorical();
  }

  @Test
  void fixturesCoverEveryCaseTheScriptWrites() {
    assertThat(numeric()).hasSizeGreaterThanOrEqualTo(19);
    assertThat(categorical()).hasSizeGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numeric")
  void psiMatchesTheReference(NumericCase c) {
    agree("psi", PopulationStabilityIndex.of(c.counts()), c.expected().get("psi").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numeric")
  void ksStatisticAndPValueMatchScipy(NumericCase c) {
    KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(c.counts());
    agree("ks statistic", ks.statistic(), c.expected().get("ks").get("statistic").asDouble());
    agree("ks p-value", ks.pValue(), c.expected().get("ks").get("pValue").asDouble());
    recordRelative("ks p-value", ks.pValue(), c.expected().get("ks").get("pValue").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numeric")
  void jensenShannonDistanceMatchesScipy(NumericCase c) {
    agree(
        "jensenShannon",
        JensenShannon.distance(c.counts()),
        c.expected().get("jensenShannon").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numeric")
  void wassersteinDistanceMatchesScipyOnTheBinsPoints(NumericCase c) {
    agree(
        "wasserstein raw",
        Wasserstein.distance(c.binEdges(), c.counts()),
        c.expected().get("wasserstein").get("raw").asDouble());
    agree(
        "wasserstein normalised",
        Wasserstein.normalised(c.binEdges(), c.counts(), c.stddev()),
        c.expected().get("wasserstein").get("normalised").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numeric")
  void chiSquaredOnBinsMatchesScipy(NumericCase c) {
    chiSquaredAgrees(ChiSquared.test(c.counts()), c.expected().get("chiSquared"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("categorical")
  void chiSquaredOnCategoriesMatchesScipy(CategoricalCase c) {
    chiSquaredAgrees(ChiSquared.test(c.counts()), c.expected().get("chiSquared"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("categorical")
  void categoricalDistancesMatchTheReference(CategoricalCase c) {
    agree("psi", PopulationStabilityIndex.of(c.counts()), c.expected().get("psi").asDouble());
    agree(
        "jensenShannon",
        JensenShannon.distance(c.counts()),
        c.expected().get("jensenShannon").asDouble());
  }

  private static void chiSquaredAgrees(
      ChiSquared.Result actual, com.fasterxml.jackson.databind.JsonNode expected) {
    assertThat(actual.degreesOfFreedom()).isEqualTo(expected.get("degreesOfFreedom").asInt());
    // The statistic can be in the hundreds: compare it relative to its size.
    double statistic = expected.get("statistic").asDouble();
    assertThat(actual.statistic()).isCloseTo(statistic, within(TOLERANCE * Math.max(1, statistic)));
    MAX_DIFF.merge(
        "chiSquared statistic (relative)",
        Math.abs(actual.statistic() - statistic) / Math.max(1, statistic),
        Math::max);
    agree("chiSquared p-value", actual.pValue(), expected.get("pValue").asDouble());
    recordRelative("chiSquared p-value", actual.pValue(), expected.get("pValue").asDouble());
  }

  private static void agree(String quantity, double actual, double expected) {
    MAX_DIFF.merge(quantity, Math.abs(actual - expected), Math::max);
    assertThat(actual).as(quantity).isCloseTo(expected, within(TOLERANCE));
  }

  /** Tiny p-values pass any absolute tolerance; the relative difference shows they agree too. */
  private static void recordRelative(String quantity, double actual, double expected) {
    if (expected > 0) {
      MAX_DIFF.merge(quantity + " (relative)", Math.abs(actual - expected) / expected, Math::max);
    }
  }

  @AfterAll
  static void printLargestDifferences() {
    new TreeMap<>(MAX_DIFF)
        .forEach((q, d) -> System.out.printf("max |java - scipy| %-32s %.3e%n", q, d));
  }
}
