package dev.gantry.inference.auth;

import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.config.RunMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Optional bearer-token authentication for both bindings (gantry.auth.token-file): off without a
 * token file; with one, every request but health and metrics needs the token. The server refuses to
 * start when the file is configured but gives no token, so that a broken Secret shows as a crash,
 * not as a server that turns every client away.
 */
@ApplicationScoped
public class BearerAuth {

  /** REST paths that never need a token: probes and Prometheus scrapes. */
  private static final Set<String> OPEN_PATHS =
      Set.of("/v2/health/live", "/v2/health/ready", "/metrics", "/q/metrics", "/q/health");

  /**
   * The operator reads these from every serving pod (DriftMonitor, canary analysis) and holds no
   * token: aggregates only, the live ones already on the open /metrics as feature counters.
   */
  private static final Pattern OPEN_AGGREGATES =
      Pattern.compile("^/v2/models/[^/]+(/versions/[^/]+)?/(statistics|baseline)$");

  private final BearerToken token;
  private final RunMode runMode;

  public BearerAuth(InferenceConfig config, RunMode runMode) {
    this.runMode = runMode;
    this.token =
        config
            .auth()
            .tokenFile()
            .map(f -> new BearerToken(f, config.auth().reloadInterval()))
            .orElse(null);
  }

  void onStart(@Observes StartupEvent event) {
    if (token != null && runMode.isServe() && token.problem() != null) {
      throw new IllegalStateException(
          "gantry.auth.token-file is set but gives no token: " + token.problem());
    }
  }

  public boolean enabled() {
    return token != null;
  }

  /** Whether a REST path (normalized) is open without a token. */
  public static boolean isOpen(String path) {
    return OPEN_PATHS.contains(path)
        || path.startsWith("/q/health/")
        || OPEN_AGGREGATES.matcher(path).matches();
  }

  /** Whether a request with this {@code Authorization} value may pass (always, when off). */
  public boolean accepts(String authorization) {
    return token == null || token.accepts(authorization);
  }

  /** The {@code Authorization} value the server's own loopback requests send; null when off. */
  public String authorizationHeader() {
    String t = token == null ? null : token.token();
    return t == null ? null : "Bearer " + t;
  }
}
