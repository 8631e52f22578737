package dev.gantry.operator.prometheus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the Prometheus-compatible query API is (Prometheus, Thanos, Mimir, VictoriaMetrics) and how
 * to authenticate. GPU utilization, canary analysis and the Prometheus drift source all read it.
 */
@ConfigMapping(prefix = "gantry.prometheus")
public interface PrometheusConfig {

  /** Base URL, e.g. http://prometheus-operated.monitoring:9090. Unset: no metrics source. */
  Optional<String> url();

  /** Per query, connect included. */
  @WithDefault("5s")
  Duration timeout();

  /** A file holding a bearer token (a mounted Secret), sent as Authorization: Bearer. */
  Optional<String> bearerTokenFile();

  /** Basic auth user name; the password comes from {@link #passwordFile()}. */
  Optional<String> username();

  Optional<String> passwordFile();
}
