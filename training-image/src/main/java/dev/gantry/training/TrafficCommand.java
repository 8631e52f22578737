package dev.gantry.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.contract.TrainingFailure;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code gantry-train traffic}: sends {@link FraudDataGenerator} rows to an inference server's Open
 * Inference Protocol v2 endpoint at a steady rate, for demos and drift checks. It prints a line of
 * counts every {@code --report-every} and exits non-zero when more than 1% of requests failed.
 *
 * <pre>
 * --url URL                the server, e.g. http://fraud.default:8080 (required)
 * --model NAME             the model's name (default fraud)
 * --rate R                 requests per second (default 10)
 * --batch N                rows per request (default 10)
 * --requests N             stop after N requests (default 0: run until stopped)
 * --seed S                 default 1
 * --shift FEATURE=SIGMAS   repeatable; shifts a numeric feature's mean (drift on purpose)
 * --report-every SECONDS   default 30
 * --reconnect-every N      open a new connection after N requests (default 20), so that a
 *                          Service spreads the traffic over its pods as it would a fleet's
 * </pre>
 */
final class TrafficCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS_PER_SEED = 10_000;

  private TrafficCommand() {}

  /** The settings of one run, parsed from the command line. */
  record Settings(
      URI url,
      String model,
      double rate,
      int batch,
      long requests,
      long seed,
      Map<String, Double> shifts,
      Duration reportEvery,
      int reconnectEvery) {

    static Settings parse(String[] args) {
      String url = null;
      String model = "fraud";
      double rate = 10;
      int batch = 10;
      long requests = 0;
      long seed = 1;
      Map<String, Double> shifts = new java.util.LinkedHashMap<>();
      long reportSeconds = 30;
      int reconnectEvery = 20;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--url" -> url = value;
          case "--model" -> model = value;
          case "--rate" -> rate = Double.parseDouble(value);
          case "--batch" -> batch = Integer.parseInt(value);
          case "--requests" -> requests = Long.parseLong(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--report-every" -> reportSeconds = Long.parseLong(value);
          case "--reconnect-every" -> reconnectEvery = Integer.parseInt(value);
          case "--shift" -> {
            Map.Entry<String, Double> shift = GenerateCommand.shift(value);
            shifts.put(shift.getKey(), shift.getValue());
          }
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (url == null) {
        throw new IllegalArgumentException("--url is required");
      }
      if (rate <= 0 || batch < 1 || requests < 0 || reportSeconds < 1 || reconnectEvery < 1) {
        throw new IllegalArgumentException(
            "--rate must be positive, --batch, --report-every and --reconnect-every at least 1,"
                + " --requests not negative");
      }
      return new Settings(
          URI.create(url.replaceAll("/+$", "")),
          model,
          rate,
          batch,
          requests,
          seed,
          shifts,
          Duration.ofSeconds(reportSeconds),
          reconnectEvery);
    }

    URI inferUri() {
      return URI.create(url + "/v2/models/" + model + "/infer");
    }
  }

  /**
   * One v2 infer request of the rows' feature columns, one [rows, 1] tensor per column: FP32 for
   * the numeric features, BYTES for the categorical ones (the label is left out).
   */
  static String inferRequest(List<FraudDataGenerator.Row> rows) {
    ObjectNode request = JSON.createObjectNode();
    ArrayNode inputs = request.putArray("inputs");
    List<String> columns = FraudDataGenerator.COLUMNS;
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c);
      if (name.equals(FraudDataGenerator.LABEL)) {
        continue;
      }
      boolean numeric = FraudDataGenerator.NUMERIC_FEATURES.contains(name);
      ObjectNode input = inputs.addObject();
      input.put("name", name);
      input.put("datatype", numeric ? "FP32" : "BYTES");
      input.putArray("shape").add(rows.size()).add(1);
      ArrayNode data = input.putArray("data");
      for (FraudDataGenerator.Row row : rows) {
        String value = row.values().get(c);
        if (numeric) {
          data.add(Double.parseDouble(value));
        } else {
          data.add(value);
        }
      }
    }
    return request.toString();
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("traffic: " + e.getMessage() + "\n" + Main.usage());
      return TrainingFailure.EXIT_BAD_INPUT;
    }
    HttpClient http = newClient();
    long intervalNanos = (long) (1e9 / settings.rate());
    long sent = 0;
    long failed = 0;
    long rows = 0;
    List<FraudDataGenerator.Row> pool = List.of();
    int next = 0;
    long chunk = 0;
    long started = System.nanoTime();
    long nextReport = started + settings.reportEvery().toNanos();
    List<Long> latencies = new ArrayList<>();
    String lastError = "";
    out.printf(
        "traffic: %.1f requests/s of %d rows to %s%n",
        settings.rate(), settings.batch(), settings.inferUri());
    while (settings.requests() == 0 || sent < settings.requests()) {
      if (next + settings.batch() > pool.size()) {
        FraudDataGenerator.Builder builder =
            FraudDataGenerator.builder().seed(settings.seed() + chunk++);
        settings.shifts().forEach(builder::shift);
        pool = builder.build().generate(Math.max(ROWS_PER_SEED, settings.batch()));
        next = 0;
      }
      if (sent > 0 && sent % settings.reconnectEvery() == 0) {
        // A kept-alive connection stays with the pod it first reached.
        http.close();
        http = newClient();
      }
      String body = inferRequest(pool.subList(next, next + settings.batch()));
      next += settings.batch();
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(settings.inferUri())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failed++;
          lastError = "HTTP " + response.statusCode() + ": " + response.body();
        } else {
          rows += settings.batch();
        }
      } catch (java.io.IOException e) {
        failed++;
        lastError = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      latencies.add(System.nanoTime() - t0);
      sent++;
      long now = System.nanoTime();
      if (now >= nextReport) {
        out.println(report(sent, failed, rows, latencies, lastError));
        latencies.clear();
        nextReport = now + settings.reportEvery().toNanos();
      }
      long sleep = started + sent * intervalNanos - System.nanoTime();
      if (sleep > 0) {
        try {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    out.println(report(sent, failed, rows, latencies, lastError));
    return failed * 100 > sent ? TrainingFailure.EXIT_CRASH : 0;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  static String report(long sent, long failed, long rows, List<Long> latencies, String lastError) {
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    String line =
        String.format(
            java.util.Locale.ROOT,
            "traffic: %d requests (%d failed), %d rows scored; p50 %.1f ms, p99 %.1f ms",
            sent,
            failed,
            rows,
            percentile(sorted, 0.50) / 1e6,
            percentile(sorted, 0.99) / 1e6);
    return failed > 0 ? line + "; last failure: " + lastError : line;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }
}
