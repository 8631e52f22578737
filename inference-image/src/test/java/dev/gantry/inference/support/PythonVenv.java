package dev.gantry.inference.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gantry.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python virtual environment for client-compatibility tests, provisioned on first use under
 * {@code ${GANTRY_CACHE:-$HOME/.cache/gantry}/venv/<name>} from a fully pinned requirements file,
 * so that a fresh CI machine works. When Python or pip cannot provide it, the test fails with the
 * reason; it is never skipped.
 */
public final class PythonVenv {

  private PythonVenv() {}

  /** The venv's python, installing the requirements when they changed since the last install. */
  public static Path ensure(String name, Path requirements) throws Exception {
    String cache = System.getenv("GANTRY_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "gantry")
            : Path.of(cache);
    Path venv = root.resolve("venv").resolve(name);
    Path python = venv.resolve("bin/python");
    Path marker = venv.resolve(".installed-" + Storage.sha256(requirements).substring(0, 16));
    if (Files.exists(marker)) {
      return python;
    }
    if (!Files.exists(python)) {
      run(
          List.of("python3", "-m", "venv", venv.toString()),
          "could not create a Python venv at "
              + venv
              + " (needs python3 with the venv module on PATH)");
    }
    run(
        List.of(
            python.toString(),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
            requirements.toString()),
        "pip could not install "
            + requirements
            + " into "
            + venv
            + " (needs access to PyPI, or a mirror through PIP_INDEX_URL)");
    Files.writeString(marker, "ok\n");
    return python;
  }

  /** Runs a command, failing the test with {@code why} and its output when it does not succeed. */
  public static String run(List<String> command, String why) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail(why + ": " + e.getMessage());
      throw e;
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(why + ": timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(why + " (exit " + p.exitValue() + "):\n" + text);
    }
    return text;
  }
}
