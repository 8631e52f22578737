package dev.gantry.operator.prometheus;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/** The configured Prometheus query client, if a URL is configured. */
@ApplicationScoped
public class PrometheusClients {

  private final Optional<PrometheusQueryClient> configured;

  public PrometheusClients(PrometheusConfig config) {
    this.configured =
        config
            .url()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    new PrometheusQueryClient(
                        URI.create(url), config.timeout(), authorization(config)));
  }

  public Optional<PrometheusQueryClient> configured() {
    return configured;
  }

  /**
   * The Authorization header: a bearer token wins over basic auth. Files are read once at start; a
   * rotated Secret takes effect with the next operator restart.
   */
  static Optional<String> authorization(PrometheusConfig config) {
    if (config.bearerTokenFile().isPresent()) {
      return Optional.of("Bearer " + read(config.bearerTokenFile().get()));
    }
    if (config.username().isPresent()) {
      String password = config.passwordFile().map(PrometheusClients::read).orElse("");
      String pair = config.username().get() + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Prometheus credentials from " + file, e);
    }
  }
}
