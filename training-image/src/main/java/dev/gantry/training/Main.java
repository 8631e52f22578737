package dev.gantry.training;

import dev.gantry.contract.TrainingFailure;
import java.io.PrintStream;
import java.util.Map;

/**
 * The training image's entry point.
 *
 * <pre>
 * gantry-train [train]                 train per the environment (docs/training-contract.md)
 * gantry-train generate --rows N ...   write synthetic fraud-like data (see GenerateCommand)
 * gantry-train traffic --url URL ...   send such rows to an inference server (see TrafficCommand)
 * </pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs a command and returns the process exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "train" : args[0];
    String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
    return switch (command) {
      case "train" -> new TrainCommand(env, out, err).run();
      case "generate" -> GenerateCommand.run(rest, env, out, err);
      case "traffic" -> TrafficCommand.run(rest, out, err);
      case "-h", "--help", "help" -> {
        out.println(usage());
        yield 0;
      }
      default -> {
        err.println("unknown command '" + command + "'\n" + usage());
        yield TrainingFailure.EXIT_BAD_INPUT;
      }
    };
  }

  static String usage() {
    return """
        usage: gantry-train [train]
                 trains per the GANTRY_* environment (docs/training-contract.md)
               gantry-train generate --rows N --output PATH_OR_URI [--seed S] [--fraud-rate R]
                 [--separation X] [--shift FEATURE=SIGMAS]...
                 writes synthetic fraud-like transactions as CSV
               gantry-train traffic --url URL [--model NAME] [--rate R] [--batch N]
                 [--requests N] [--seed S] [--shift FEATURE=SIGMAS]... [--report-every SECONDS]
                 [--reconnect-every N]
                 sends such transactions to an inference server (Open Inference Protocol v2)""";
  }
}
