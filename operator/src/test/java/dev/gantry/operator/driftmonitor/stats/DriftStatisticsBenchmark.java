package dev.gantry.operator.driftmonitor.stats;

import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.contract.Bins;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The statistical benchmark of docs/benchmarks/drift-statistics.md: false alarms without shift and
 * detection of 0.25 and 0.5 sigma mean shifts at minSamples = 1000, per method, and the cost of one
 * evaluation of 50 features. A main run by hand (see the document for the command), not a test: its
 * figures are measured, not asserted.
 *
 * <p>Every feature is standard normal in training: 10,000 rows, 10 quantile bins (NumPy's default
 * linear quantiles), counted with {@link Bins#indexOf}. Each window draws 1000 fresh live rows per
 * feature, binned the same way; in the shifted scenarios the first {@value #SHIFTED_FEATURES}
 * features have their mean moved. Seeded, so every run prints the same rates.
 */
public final class DriftStatisticsBenchmark {
  private static final int FEATURES = 50;
  private static final int SHIFTED_FEATURES = 5;
  private static final int TRAINING_ROWS = 10_000;
  private static final int BINS = 10;
  private static final int MIN_SAMPLES = 1000;
  private static final long SEED = 20261122L;

  private static final List<DriftMethod> METHODS =
      List.of(
          DriftMethod.auto,
          DriftMethod.psi,
          DriftMethod.ks,
          DriftMethod.jensenShannon,
          DriftMethod.wasserstein,
          DriftMethod.chiSquared);

  private DriftStatisticsBenchmark() {}

  public static void main(String[] args) {
    int windows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    SplittableRandom random = new SplittableRandom(SEED);
    List<FeatureBaseline> baselines = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      baselines.add(trainingBaseline("x" + f, random));
    }

    System.out.printf(
        Locale.ROOT,
        "%d features, %d training rows, %d quantile bins, %d live rows per window, %d windows per"
            + " scenario, %d shifted features, seed %d; default thresholds, bonferroni%n%n",
        FEATURES,
        TRAINING_ROWS,
        BINS,
        MIN_SAMPLES,
        windows,
        SHIFTED_FEATURES,
        SEED);
    System.out.println(
        "| method (used) | false alarms per feature | windows with any false alarm | dataset"
            + " drift (share 0.5) | detected at 0.25 sigma | detected at 0.5 sigma | false alarms"
            + " per unshifted feature, shifted windows |");
    System.out.println("|---|---|---|---|---|---|---|");
    Map<DriftMethod, Rates> noShift = run(baselines, 0.0, windows, random);
    Map<DriftMethod, Rates> quarter = run(baselines, 0.25, windows, random);
    Map<DriftMethod, Rates> half = run(baselines, 0.5, windows, random);
    for (DriftMethod method : METHODS) {
      Rates none = noShift.get(method);
      System.out.printf(
          Locale.ROOT,
          "| %s (%s) | %s | %s | %s | %s | %s | %s |%n",
          method,
          none.methodUsed,
          percent(none.unshiftedFlagged, none.unshiftedJudged),
          percent(none.windowsWithAlarm, windows),
          percent(none.datasetDrifted, windows),
          percent(quarter.get(method).shiftedFlagged, quarter.get(method).shiftedJudged),
          percent(half.get(method).shiftedFlagged, half.get(method).shiftedJudged),
          percent(
              quarter.get(method).unshiftedFlagged + half.get(method).unshiftedFlagged,
              quarter.get(method).unshiftedJudged + half.get(method).unshiftedJudged));
    }
    System.out.println();
    cost(baselines, random);
  }

  /** Counts of one method over the windows of one scenario. */
  private static final class Rates {
    DriftMethod methodUsed;
    long shiftedFlagged;
    long shiftedJudged;
    long unshiftedFlagged;
    long unshiftedJudged;
    long windowsWithAlarm;
    long datasetDrifted;
  }

  private static Map<DriftMethod, Rates> run(
      List<FeatureBaseline> baselines, double shift, int windows, SplittableRandom random) {
    Map<DriftMethod, Rates> rates = new HashMap<>();
    METHODS.forEach(m -> rates.put(m, new Rates()));
    int shifted = shift == 0 ? 0 : SHIFTED_FEATURES;
    for (int w = 0; w < windows; w++) {
      Map<String, LiveCounts> live = liveWindow(baselines, shift, shifted, random);
      for (DriftMethod method : METHODS) {
        DatasetDrift drift =
            DriftEvaluator.evaluate(
                TRAINING_ROWS, baselines, live, DriftSettings.DEFAULTS.withMethod(method));
        Rates r = rates.get(method);
        r.methodUsed = drift.features().get(0).method();
        boolean alarm = false;
        for (int f = 0; f < FEATURES; f++) {
          boolean flagged = drift.features().get(f).drifted();
          if (f < shifted) {
            r.shiftedJudged++;
            r.shiftedFlagged += flagged ? 1 : 0;
          } else {
            r.unshiftedJudged++;
            r.unshiftedFlagged += flagged ? 1 : 0;
            alarm |= flagged;
          }
        }
        r.windowsWithAlarm += alarm ? 1 : 0;
        r.datasetDrifted += drift.drifted() ? 1 : 0;
      }
    }
    return rates;
  }

  /** Nanoseconds per evaluation of all 50 features, median of repeated timed batches. */
  private static void cost(List<FeatureBaseline> baselines, SplittableRandom random) {
    List<Map<String, LiveCounts>> windows = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      windows.add(liveWindow(baselines, 0, 0, random));
    }
    System.out.println("| method | ns per evaluation of 50 features (median of 15 batches) |");
    System.out.println("|---|---|");
    for (DriftMethod method : METHODS) {
      DriftSettings settings = DriftSettings.DEFAULTS.withMethod(method);
      long sink = 0;
      int perBatch = 2000;
      for (int warm = 0; warm < 5 * perBatch; warm++) {
        sink += evaluateOnce(baselines, windows.get(warm & 63), settings);
      }
      long[] batches = new long[15];
      for (int b = 0; b < batches.length; b++) {
        long start = System.nanoTime();
        for (int i = 0; i < perBatch; i++) {
          sink += evaluateOnce(baselines, windows.get(i & 63), settings);
        }
        batches[b] = (System.nanoTime() - start) / perBatch;
      }
      Arrays.sort(batches);
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d (fastest batch %,d; %d) |%n",
          method,
          batches[batches.length / 2],
          batches[0],
          sink % 2);
    }
  }

  private static int evaluateOnce(
      List<FeatureBaseline> baselines, Map<String, LiveCounts> live, DriftSettings settings) {
    return DriftEvaluator.evaluate(TRAINING_ROWS, baselines, live, settings).drifted() ? 1 : 0;
  }

  private static Map<String, LiveCounts> liveWindow(
      List<FeatureBaseline> baselines, double shift, int shifted, SplittableRandom random) {
    Map<String, LiveCounts> live = new HashMap<>();
    for (int f = 0; f < baselines.size(); f++) {
      FeatureBaseline b = baselines.get(f);
      double mean = f < shifted ? shift : 0;
      double[] counts = new double[BINS];
      for (int i = 0; i < MIN_SAMPLES; i++) {
        counts[Bins.indexOf(b.binEdges(), mean + random.nextGaussian())]++;
      }
      live.put(b.name(), LiveCounts.numeric(counts));
    }
    return live;
  }

  private static FeatureBaseline trainingBaseline(String name, SplittableRandom random) {
    double[] rows = new double[TRAINING_ROWS];
    double sum = 0;
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextGaussian();
      sum += rows[i];
    }
    double mean = sum / rows.length;
    double squares = 0;
    for (double r : rows) {
      squares += (r - mean) * (r - mean);
    }
    double[] sorted = rows.clone();
    Arrays.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= BINS; i++) {
      edges.add(quantile(sorted, (double) i / BINS));
    }
    long[] counts = new long[BINS];
    for (double r : rows) {
      counts[Bins.indexOf(edges, r)]++;
    }
    return new FeatureBaseline(
        name,
        FeatureType.NUMERIC,
        edges,
        Arrays.stream(counts).boxed().toList(),
        null,
        0,
        mean,
        Math.sqrt(squares / rows.length));
  }

  /** NumPy's default (linear) quantile of sorted values. */
  private static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * part / whole, part, whole);
  }
}
