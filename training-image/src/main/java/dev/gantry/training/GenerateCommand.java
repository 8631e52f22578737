package dev.gantry.training;

import dev.gantry.contract.TrainingFailure;
import dev.gantry.storage.Storage;
import dev.gantry.storage.StorageConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code gantry-train generate}: writes {@link FraudDataGenerator} data to a local path or a
 * writable storage URI (file://, pvc://, s3://).
 *
 * <pre>
 * --rows N                 rows to write (required)
 * --output PATH_OR_URI     where (required)
 * --seed S                 default 42
 * --fraud-rate R           default 0.1
 * --separation X           default 1 (realistic); 3 or more is nearly separable
 * --shift FEATURE=SIGMAS   repeatable; shifts a numeric feature's mean
 * </pre>
 */
final class GenerateCommand {
  private GenerateCommand() {}

  /** {@code FEATURE=SIGMAS}, the value of a --shift option. */
  static Map.Entry<String, Double> shift(String value) {
    int eq = value.indexOf('=');
    if (eq < 1) {
      throw new IllegalArgumentException("--shift takes FEATURE=SIGMAS, got '" + value + "'");
    }
    return Map.entry(value.substring(0, eq), Double.parseDouble(value.substring(eq + 1)));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      FraudDataGenerator.Builder builder = FraudDataGenerator.builder();
      Integer rows = null;
      String output = null;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--rows" -> rows = Integer.parseInt(value);
          case "--output" -> output = value;
          case "--seed" -> builder.seed(Long.parseLong(value));
          case "--fraud-rate" -> builder.fraudRate(Double.parseDouble(value));
          case "--separation" -> builder.separation(Double.parseDouble(value));
          case "--shift" -> {
            Map.Entry<String, Double> shift = shift(value);
            builder.shift(shift.getKey(), shift.getValue());
          }
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (rows == null || output == null) {
        throw new IllegalArgumentException("--rows and --output are required");
      }
      FraudDataGenerator generator = builder.build();
      if (output.contains("://")) {
        Path temp = Files.createTempFile("gantry-generate", ".csv");
        try (Storage storage = new Storage(StorageConfig.fromEnvironment(env))) {
          generator.writeCsv(temp, rows);
          String sha256 = storage.upload(temp, output);
          out.println("wrote " + rows + " rows to " + output + " (sha256 " + sha256 + ")");
        } finally {
          Files.deleteIfExists(temp);
        }
      } else {
        Path file = Path.of(output);
        generator.writeCsv(file, rows);
        out.println(
            "wrote " + rows + " rows to " + file + " (sha256 " + Storage.sha256(file) + ")");
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("generate: " + e.getMessage() + "\n" + Main.usage());
      return TrainingFailure.EXIT_BAD_INPUT;
    } catch (Exception e) {
      err.println("generate failed: " + e);
      return TrainingFailure.EXIT_CRASH;
    }
  }
}
