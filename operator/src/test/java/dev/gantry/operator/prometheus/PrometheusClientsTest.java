package dev.gantry.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusClientsTest {

  @TempDir Path dir;

  @Test
  void noUrlMeansNoClient() {
    assertThat(new PrometheusClients(config(Optional.empty(), null, null, null)).configured())
        .isEmpty();
    assertThat(new PrometheusClients(config(Optional.of(" "), null, null, null)).configured())
        .isEmpty();
  }

  @Test
  void urlGivesAClientForIt() {
    assertThat(
            new PrometheusClients(config(Optional.of("http://prom:9090"), null, null, null))
                .configured())
        .get()
        .extracting(PrometheusQueryClient::baseUrl)
        .hasToString("http://prom:9090/");
  }

  @Test
  void bearerTokenFileIsReadAndTrimmed() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "abc123\n");

    assertThat(PrometheusClients.authorization(config(Optional.empty(), token, "u", null)))
        .contains("Bearer abc123");
  }

  @Test
  void basicAuthEncodesUserAndPassword() throws Exception {
    Path password = Files.writeString(dir.resolve("password"), "p4ss\n");

    assertThat(PrometheusClients.authorization(config(Optional.empty(), null, "admin", password)))
        .contains("Basic YWRtaW46cDRzcw==");
  }

  @Test
  void unreadableCredentialsFailNamingTheFile() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(
            () -> PrometheusClients.authorization(config(Optional.empty(), missing, null, null)))
        .hasMessageContaining("cannot read Prometheus credentials from " + missing);
  }

  private static PrometheusConfig config(
      Optional<String> url, Path token, String username, Path password) {
    return new PrometheusConfig() {
      @Override
      public Optional<String> url() {
        return url;
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(5);
      }

      @Override
      public Optional<String> bearerTokenFile() {
        return Optional.ofNullable(token).map(Path::toString);
      }

      @Override
      public Optional<String> username() {
        return Optional.ofNullable(username);
      }

      @Override
      public Optional<String> passwordFile() {
        return Optional.ofNullable(password).map(Path::toString);
      }
    };
  }
}
