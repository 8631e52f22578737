package dev.gantry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit; the result keeps its output and exit code. */
public record Command(List<String> args, Map<String, String> env, String stdin) {

  public static Command of(String... args) {
    return new Command(List.of(args), Map.of(), null);
  }

  public Command withEnv(Map<String, String> extra) {
    return new Command(args, extra, stdin);
  }

  public Command withStdin(String input) {
    return new Command(args, env, input);
  }

  public Result run() {
    try {
      ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", args));
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs and fails unless the exit code is 0; returns the output. */
  public String succeed() {
    Result result = run();
    if (result.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
    }
    return result.output();
  }

  public record Result(int exitCode, String output) {}
}
