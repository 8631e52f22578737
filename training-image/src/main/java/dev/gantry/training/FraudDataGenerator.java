package dev.gantry.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of fraud-detection-like card transactions, for examples, end-to-end tests and
 * drift demos. Equal settings give byte-identical CSV.
 *
 * <p>Columns: {@code amount}, {@code hour}, {@code distance_from_home_km}, {@code
 * transactions_last_24h}, {@code account_age_days} (numeric), {@code merchant_category}, {@code
 * card_present} (categorical) and the label {@code is_fraud} (0/1). Each numeric feature is a
 * monotone transform of a standard normal latent; the fraud log-odds are {@code intercept +
 * separation * (weighted latents + category effects + an amount x distance interaction)}, the
 * intercept being calibrated on unshifted data to the requested fraud rate.
 *
 * <p>{@link Builder#shift} moves a numeric feature's latent mean by a number of standard deviations
 * (covariate shift: the fraud rule stays the same, so the fraud rate follows the features). Use it
 * to make drifted data for the same population.
 *
 * <pre>{@code
 * FraudDataGenerator.builder().seed(7).separation(3).shift("amount", 2.0).build()
 *     .writeCsv(Path.of("drifted.csv"), 5_000);
 * }</pre>
 */
public final class FraudDataGenerator {
  public static final String LABEL = "is_fraud";
  public static final List<String> NUMERIC_FEATURES =
      List.of(
          "amount", "hour", "distance_from_home_km", "transactions_last_24h", "account_age_days");
  public static final List<String> CATEGORICAL_FEATURES =
      List.of("merchant_category", "card_present");
  public static final List<String> COLUMNS;

  static {
    List<String> columns = new ArrayList<>(NUMERIC_FEATURES);
    columns.addAll(CATEGORICAL_FEATURES);
    columns.add(LABEL);
    COLUMNS = List.copyOf(columns);
  }

  // Log-odds weight of each numeric latent (hour carries no signal: a realistic noise column).
  private static final double[] WEIGHTS = {1.2, 1.0, 0.8, -0.9, 0.0};
  private static final String[] CATEGORIES = {
    "grocery", "restaurant", "gas", "online", "electronics", "travel"
  };
  private static final double[] CATEGORY_SHARE = {0.30, 0.20, 0.15, 0.18, 0.10, 0.07};
  private static final double[] CATEGORY_EFFECT = {-0.5, -0.2, -0.3, 0.8, 1.0, 0.5};
  private static final double CARD_PRESENT_SHARE = 0.6;
  private static final double CARD_ABSENT_EFFECT = 0.7;
  private static final double INTERACTION = 0.5;
  private static final int CALIBRATION_ROWS = 20_000;

  /** The latent each numeric feature is made from, by index (see nextRow): hour's comes last. */
  private static final List<String> LATENT_OF =
      List.of(
          "amount", "distance_from_home_km", "transactions_last_24h", "account_age_days", "hour");

  private final long seed;
  private final double fraudRate;
  private final double separation;
  private final double[] shifts;
  private final double intercept;

  private FraudDataGenerator(Builder b) {
    this.seed = b.seed;
    this.fraudRate = b.fraudRate;
    this.separation = b.separation;
    this.shifts = new double[NUMERIC_FEATURES.size()];
    b.shifts.forEach((name, sigmas) -> shifts[LATENT_OF.indexOf(name)] = sigmas);
    this.intercept = calibrateIntercept();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Generation settings; every setter validates its argument. */
  public static final class Builder {
    private long seed = 42;
    private double fraudRate = 0.1;
    private double separation = 1.0;
    private final Map<String, Double> shifts = new LinkedHashMap<>();

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Share of fraudulent rows in unshifted data, in (0, 1). Default 0.1. */
    public Builder fraudRate(double rate) {
      if (!(rate > 0 && rate < 1)) {
        throw new IllegalArgumentException("fraud rate must be in (0, 1), got " + rate);
      }
      this.fraudRate = rate;
      return this;
    }

    /**
     * How strongly the features determine the label: 1 (default) is realistic (held-out AUC about
     * 0.85), 3 or more nearly separable (AUC above 0.95).
     */
    public Builder separation(double separation) {
      if (!(separation > 0)) {
        throw new IllegalArgumentException("separation must be positive, got " + separation);
      }
      this.separation = separation;
      return this;
    }

    /** Shifts a numeric feature's latent mean by {@code sigmas} standard deviations. */
    public Builder shift(String feature, double sigmas) {
      if (!NUMERIC_FEATURES.contains(feature)) {
        throw new IllegalArgumentException(
            "cannot shift '" + feature + "': shiftable features are " + NUMERIC_FEATURES);
      }
      if (!Double.isFinite(sigmas)) {
        throw new IllegalArgumentException("shift of '" + feature + "' must be finite");
      }
      shifts.put(feature, sigmas);
      return this;
    }

    public FraudDataGenerator build() {
      return new FraudDataGenerator(this);
    }
  }

  /** One generated row, values formatted as they appear in the CSV. */
  public record Row(List<String> values) {}

  /** {@code rows} rows (after the header {@link #COLUMNS}). */
  public List<Row> generate(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, got " + rows);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(nextRow(random));
    }
    return out;
  }

  public void writeCsv(Path file, int rows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeCsv(w, rows);
    }
  }

  public void writeCsv(Writer writer, int rows) throws IOException {
    BufferedWriter w = writer instanceof BufferedWriter b ? b : new BufferedWriter(writer);
    w.write(String.join(",", COLUMNS));
    w.write('\n');
    for (Row row : generate(rows)) {
      w.write(String.join(",", row.values()));
      w.write('\n');
    }
    w.flush();
  }

  private Row nextRow(SplittableRandom random) {
    Sample s = sample(random, shifts);
    boolean fraud = random.nextDouble() < sigmoid(intercept + separation * s.signal);
    double[] z = s.latent;
    List<String> values = new ArrayList<>(COLUMNS.size());
    values.add(format2(StrictMath.exp(3.5 + 1.0 * z[0])));
    values.add(Integer.toString(Math.floorMod((int) Math.floor(13 + 5 * z[4]), 24)));
    values.add(String.format(Locale.ROOT, "%.3f", StrictMath.exp(1.5 + 1.2 * z[1])));
    values.add(Long.toString(Math.max(0, Math.round(3 + 2 * z[2]))));
    values.add(Long.toString(Math.round(StrictMath.exp(6 + 0.8 * z[3]))));
    values.add(CATEGORIES[s.category]);
    values.add(s.cardPresent ? "yes" : "no");
    values.add(fraud ? "1" : "0");
    return new Row(values);
  }

  private record Sample(double[] latent, int category, boolean cardPresent, double signal) {}

  private static Sample sample(SplittableRandom random, double[] shifts) {
    double[] z = new double[NUMERIC_FEATURES.size()];
    double signal = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = gaussian(random) + shifts[i];
      signal += WEIGHTS[i] * z[i];
    }
    int category = pick(random.nextDouble());
    boolean cardPresent = random.nextDouble() < CARD_PRESENT_SHARE;
    signal += CATEGORY_EFFECT[category] + (cardPresent ? 0 : CARD_ABSENT_EFFECT);
    signal += INTERACTION * z[0] * z[1];
    return new Sample(z, category, cardPresent, signal);
  }

  /** The intercept giving the requested fraud rate on unshifted data (bisection on a sample). */
  private double calibrateIntercept() {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] signals = new double[CALIBRATION_ROWS];
    for (int i = 0; i < signals.length; i++) {
      signals[i] = separation * sample(random, new double[NUMERIC_FEATURES.size()]).signal;
    }
    double lo = -50;
    double hi = 50;
    for (int iter = 0; iter < 100; iter++) {
      double mid = (lo + hi) / 2;
      double rate = 0;
      for (double s : signals) {
        rate += sigmoid(mid + s);
      }
      if (rate / signals.length < fraudRate) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static int pick(double u) {
    double cumulative = 0;
    for (int i = 0; i < CATEGORY_SHARE.length; i++) {
      cumulative += CATEGORY_SHARE[i];
      if (u < cumulative) {
        return i;
      }
    }
    return CATEGORY_SHARE.length - 1;
  }

  // Box-Muller with StrictMath: the same bytes on every JDK (nextGaussian and Math.exp may differ).
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  private static String format2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
