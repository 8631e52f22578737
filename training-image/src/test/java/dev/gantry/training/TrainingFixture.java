package dev.gantry.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A scratch layout for one training run: dataset, output directory, termination message. */
final class TrainingFixture {
  final Path root;
  final Path output;
  final Path terminationLog;
  final Map<String, String> env = new HashMap<>();
  String stdout = "";
  String stderr = "";

  TrainingFixture(Path root) throws IOException {
    this.root = root;
    this.output = root.resolve("out");
    this.terminationLog = root.resolve("termination-log");
    Files.createDirectories(root.resolve("work"));
    env.put("GANTRY_OUTPUT_URI", output.toUri().toString());
    env.put("GANTRY_MODEL_NAME", "fraud");
    env.put("GANTRY_TERMINATION_MESSAGE_PATH", terminationLog.toString());
    env.put("GANTRY_WORK_DIR", root.resolve("work").toString());
  }

  /** Writes generated data and points the run at it. */
  Path generated(FraudDataGenerator generator, int rows) throws IOException {
    Path csv = root.resolve("data.csv");
    generator.writeCsv(csv, rows);
    env.put("GANTRY_DATASET_URI", csv.toUri().toString());
    return csv;
  }

  /** Writes the given CSV text and points the run at it. */
  Path dataset(String csvText) throws IOException {
    Path csv = root.resolve("data.csv");
    Files.writeString(csv, csvText);
    env.put("GANTRY_DATASET_URI", csv.toUri().toString());
    return csv;
  }

  TrainingFixture with(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs {@code gantry-train train} in-process; returns the exit code. */
  int train() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = Main.run(new String[] {"train"}, env, o, e);
      stdout = out.toString(StandardCharsets.UTF_8);
      stderr = err.toString(StandardCharsets.UTF_8);
      return code;
    }
  }

  TrainingConfig config() {
    return TrainingConfig.fromEnvironment(env);
  }

  String terminationMessage() throws IOException {
    return Files.readString(terminationLog);
  }
}
