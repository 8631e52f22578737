package dev.gantry.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server for tests: moto's {@code moto_server} on 127.0.0.1 and a free port.
 * Provisions moto into {@code ${GANTRY_CACHE:-$HOME/.cache/gantry}/venv/moto-<version>} with {@code
 * python3 -m venv} and pip on first use, so a fresh machine only needs Python 3 and access to PyPI.
 * Provisioning failures fail the test with the reason; they never skip it.
 */
final class MotoServer implements AutoCloseable {
  private static final String READY_MARKER = ".gantry-ready";

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  static MotoServer start() throws IOException, InterruptedException {
    Path venv = provision();
    Path log = Files.createTempFile("moto-server", ".log");
    int port = freePort();
    Process process =
        new ProcessBuilder(
                venv.resolve("bin/moto_server").toString(), "-H", "127.0.0.1", "-p", "" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitListening(port, Duration.ofSeconds(30));
    return server;
  }

  URI endpoint() {
    return endpoint;
  }

  private void awaitListening(int port, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "moto_server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException(
        "moto_server did not listen on port "
            + port
            + " within "
            + timeout
            + ":\n"
            + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The venv with moto installed, creating it on first use (under a lock, idempotently). */
  static Path provision() throws IOException, InterruptedException {
    String version = System.getProperty("gantry.moto.version", "5.2.5");
    String cache = System.getenv("GANTRY_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "gantry")
            : Path.of(cache);
    Path venv = root.resolve("venv").resolve("moto-" + version);
    Files.createDirectories(venv.getParent());
    try (FileChannel lockFile =
            FileChannel.open(
                venv.getParent().resolve("moto-" + version + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock ignored = lockFile.lock()) {
      if (Files.exists(venv.resolve(READY_MARKER))) {
        return venv;
      }
      deleteRecursively(venv); // a half-made venv from an interrupted run
      String python = System.getenv().getOrDefault("GANTRY_PYTHON", "python3");
      run(List.of(python, "-m", "venv", venv.toString()), "create a Python venv at " + venv);
      run(
          List.of(
              venv.resolve("bin/python").toString(),
              "-m",
              "pip",
              "install",
              "--disable-pip-version-check",
              "--quiet",
              "moto[server]==" + version),
          "pip install moto[server]==" + version + " into " + venv);
      Files.writeString(venv.resolve(READY_MARKER), version);
      return venv;
    }
  }

  private static void run(List<String> command, String what)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("moto-provision", ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "S3 tests need Python 3 (with venv and pip) to provision moto; could not "
              + what
              + ": "
              + e.getMessage(),
          e);
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out trying to " + what);
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    Files.deleteIfExists(output);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "S3 tests need moto from PyPI; could not "
              + what
              + " (exit "
              + process.exitValue()
              + "). Check that Python 3 with venv/pip is installed and PyPI is reachable.\n"
              + tail(text, 3000));
    }
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "..." + text.substring(text.length() - max);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
