package dev.gantry.training;

import dev.gantry.contract.TrainingFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code gantry-train train}: runs training and reports the outcome the contract's way: result or
 * failure JSON on the termination message, a clear line on stderr, and the exit code (0, {@link
 * TrainingFailure#EXIT_BAD_INPUT} for bad input, {@link TrainingFailure#EXIT_CRASH} otherwise).
 */
final class TrainCommand {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  TrainCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  int run() {
    Path terminationPath = TrainingConfig.terminationMessagePath(env);
    try {
      TrainingConfig config = TrainingConfig.fromEnvironment(env);
      TrainingRun.Outcome outcome = new TrainingRun(config, out).run();
      if (outcome.result() != null) {
        writeTermination(terminationPath, TerminationMessage.json(outcome.result()));
      }
      return 0;
    } catch (BadInputException e) {
      return fail(
          terminationPath, e.reason(), e.getMessage(), TrainingFailure.EXIT_BAD_INPUT, null);
    } catch (TrainingCrashException e) {
      return fail(
          terminationPath, e.reason(), e.getMessage(), TrainingFailure.EXIT_CRASH, e.getCause());
    } catch (Throwable e) {
      String message =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return fail(terminationPath, "TrainingCrashed", message, TrainingFailure.EXIT_CRASH, e);
    }
  }

  private int fail(
      Path terminationPath, String reason, String message, int exitCode, Throwable cause) {
    err.println("[gantry-train] training failed (" + reason + "): " + message);
    if (cause != null) {
      cause.printStackTrace(err);
    }
    try {
      writeTermination(
          terminationPath, TerminationMessage.json(new TrainingFailure(reason, message)));
    } catch (IOException e) {
      err.println("[gantry-train] could not write the termination message: " + e.getMessage());
    }
    return exitCode;
  }

  private void writeTermination(Path path, String json) throws IOException {
    try {
      TerminationMessage.write(path, json);
    } catch (IOException e) {
      // Outside Kubernetes /dev/termination-log usually does not exist: say so, keep the outcome.
      err.println("[gantry-train] could not write the termination message to " + path + ": " + e);
    }
  }
}
