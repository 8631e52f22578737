package dev.gantry.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference trainer's hyperparameters, from the {@code GANTRY_HYPERPARAMETERS} JSON object.
 * Values may be strings (as the TrainingJob API passes them) or JSON numbers. Unknown keys are
 * reported, not rejected: the same map may carry settings for other tools.
 *
 * @param model {@code logistic} (default) or {@code fm} (factorization machine)
 * @param labelColumn the label column; null to infer it
 * @param positiveLabel the label value of the positive class; null to infer it
 * @param numericFeatures columns declared numeric
 * @param categoricalFeatures columns declared categorical
 * @param ignoreColumns columns that are neither label nor feature (ids, timestamps)
 * @param epochs passes over the training split
 * @param learningRate AdaGrad initial learning rate
 * @param minibatchSize examples per gradient step
 * @param seed seeds the split, the shuffling and the initialisation
 * @param testFraction share of rows held out for evaluation
 * @param fmFactors factorization machine latent dimension
 * @param fmVariance factorization machine initialisation variance
 * @param baselineBins quantile bins per numeric feature in baseline.json
 */
public record Hyperparameters(
    String model,
    String labelColumn,
    String positiveLabel,
    List<String> numericFeatures,
    List<String> categoricalFeatures,
    List<String> ignoreColumns,
    int epochs,
    double learningRate,
    int minibatchSize,
    long seed,
    double testFraction,
    int fmFactors,
    double fmVariance,
    int baselineBins,
    List<String> unknownKeys) {

  static final String REASON = "InvalidHyperparameters";
  static final Set<String> MODELS = Set.of("logistic", "fm");

  public static Hyperparameters defaults() {
    return parse(null);
  }

  /**
   * Parses the JSON object; null or blank gives the defaults.
   *
   * @throws BadInputException naming the key and the problem
   */
  public static Hyperparameters parse(String json) {
    Map<String, String> values = new TreeMap<>();
    if (json != null && !json.isBlank()) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(json);
      } catch (Exception e) {
        throw new BadInputException(
            REASON, "hyperparameters are not valid JSON: " + e.getMessage());
      }
      if (root == null || !root.isObject()) {
        throw new BadInputException(REASON, "hyperparameters must be a JSON object");
      }
      root.properties()
          .forEach(
              e ->
                  values.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    Reader r = new Reader(values);
    String model = r.string("model", "logistic").toLowerCase(java.util.Locale.ROOT);
    if (!MODELS.contains(model)) {
      throw new BadInputException(
          REASON, "hyperparameter model='" + model + "' is not one of " + MODELS);
    }
    Hyperparameters h =
        new Hyperparameters(
            model,
            r.string("labelColumn", null),
            r.string("positiveLabel", null),
            r.list("numericFeatures"),
            r.list("categoricalFeatures"),
            r.list("ignoreColumns"),
            r.integer("epochs", 10, 1, 100_000),
            r.decimal("learningRate", 0.5, 1e-9, 100),
            r.integer("minibatchSize", 1, 1, 1_000_000),
            r.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
            r.decimal("testFraction", 0.2, 0.01, 0.9),
            (int) r.integer("fmFactors", 8, 1, 1024),
            r.decimal("fmVariance", 0.1, 1e-9, 10),
            (int) r.integer("baselineBins", 10, 1, 1000),
            r.unused());
    List<String> both = new ArrayList<>(h.numericFeatures);
    both.retainAll(h.categoricalFeatures);
    if (!both.isEmpty()) {
      throw new BadInputException(
          REASON, "columns " + both + " are declared both numeric and categorical");
    }
    return h;
  }

  /** The effective values, for provenance.json. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("labelColumn", labelColumn);
    m.put("positiveLabel", positiveLabel);
    m.put("numericFeatures", numericFeatures);
    m.put("categoricalFeatures", categoricalFeatures);
    m.put("ignoreColumns", ignoreColumns);
    m.put("epochs", epochs);
    m.put("learningRate", learningRate);
    m.put("minibatchSize", minibatchSize);
    m.put("seed", seed);
    m.put("testFraction", testFraction);
    if (model.equals("fm")) {
      m.put("fmFactors", fmFactors);
      m.put("fmVariance", fmVariance);
    }
    m.put("baselineBins", baselineBins);
    return m;
  }

  /** Reads typed values and remembers which keys were used. */
  private static final class Reader {
    private final Map<String, String> values;
    private final Set<String> used = new java.util.HashSet<>();

    Reader(Map<String, String> values) {
      this.values = values;
    }

    String string(String key, String fallback) {
      used.add(key);
      String v = values.get(key);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    List<String> list(String key) {
      String v = string(key, null);
      if (v == null) {
        return List.of();
      }
      // Accept "a,b" and the JSON array form ["a","b"] (passed through as its JSON text).
      String body = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
      return Arrays.stream(body.split(","))
          .map(s -> s.trim().replaceAll("^\"|\"$", ""))
          .filter(s -> !s.isEmpty())
          .toList();
    }

    long integer(String key, long fallback, long min, long max) {
      String v = string(key, null);
      if (v == null) {
        return fallback;
      }
      long parsed;
      try {
        parsed = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(
            REASON, "hyperparameter " + key + "='" + v + "' is not an integer");
      }
      if (parsed < min || parsed > max) {
        throw new BadInputException(
            REASON,
            "hyperparameter " + key + "=" + parsed + " is outside [" + min + ", " + max + "]");
      }
      return parsed;
    }

    int integer(String key, int fallback, int min, int max) {
      return (int) integer(key, (long) fallback, (long) min, (long) max);
    }

    double decimal(String key, double fallback, double min, double max) {
      String v = string(key, null);
      if (v == null) {
        return fallback;
      }
      double parsed;
      try {
        parsed = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new BadInputException(
            REASON, "hyperparameter " + key + "='" + v + "' is not a number");
      }
      if (!(parsed >= min && parsed <= max)) {
        throw new BadInputException(
            REASON, "hyperparameter " + key + "=" + v + " is outside [" + min + ", " + max + "]");
      }
      return parsed;
    }

    List<String> unused() {
      return values.keySet().stream().filter(k -> !used.contains(k)).toList();
    }
  }
}
