package dev.gantry.inference.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The tabular model with bearer auth on: the token file (the way a Secret is mounted, with a
 * trailing newline) is read again every 100 ms so that tests can rotate it.
 */
public class AuthProfile extends TabularProfile {

  public static final String TOKEN = "s3cret-t0ken.with~chars";

  /** The same path in every class loader of the test run. */
  public static Path tokenFile() {
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        "gantry-auth-" + ProcessHandle.current().pid(),
        "token");
  }

  public static void writeToken(String token) {
    try {
      Files.createDirectories(tokenFile().getParent());
      Path tmp = Files.createTempFile(tokenFile().getParent(), "token", ".tmp");
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      Files.move(
          tmp,
          tokenFile(),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    writeToken(TOKEN);
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("gantry.work-dir", workDir("auth"));
    config.put("gantry.auth.token-file", tokenFile().toString());
    config.put("gantry.auth.reload-interval", "100ms");
    return config;
  }
}
