package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic fraud data and a model trained on it, made by the training image's jar exactly as a
 * user would: {@code generate} (optionally with {@code --shift}) and {@code train}.
 */
final class FraudData {
  private FraudData() {}

  /** Writes {@code rows} generated rows to {@code csv}; shifts are FEATURE=SIGMAS. */
  static Path generate(Path csv, int rows, long seed, String... shifts) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--rows",
                Integer.toString(rows),
                "--seed",
                Long.toString(seed),
                "--separation",
                "3",
                "--output",
                csv.toString()));
    for (String shift : shifts) {
      args.add("--shift");
      args.add(shift);
    }
    run(args, Map.of(), csv.resolveSibling(csv.getFileName() + ".log"));
    return csv;
  }

  /** Trains a model on {@code csv} into {@code output} (model.onnx, baseline.json, ...). */
  static Path train(Path csv, Path output) throws Exception {
    run(
        List.of("train"),
        Map.of(
            "GANTRY_DATASET_URI", csv.toUri().toString(),
            "GANTRY_OUTPUT_URI", output.toUri().toString(),
            "GANTRY_MODEL_NAME", "fraud",
            "GANTRY_TERMINATION_MESSAGE_PATH", output.resolveSibling("termination.json").toString(),
            "GANTRY_HYPERPARAMETERS", "{\"epochs\":\"2\"}"),
        output.resolveSibling("train.log"));
    return output;
  }

  private static void run(List<String> args, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessJars.java(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                ProcessJars.trainingImage().toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process process = pb.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("training image %s finished (log %s)", args.get(0), log)
        .isTrue();
    assertThat(process.exitValue()).as("exit code of %s, log %s", command, log).isZero();
  }
}
