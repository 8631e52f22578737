package dev.gantry.inference.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

  @TempDir Path dir;

  private final AtomicLong clock = new AtomicLong();

  private BearerToken token(String content) throws Exception {
    Path file = dir.resolve("token");
    if (content != null) {
      Files.writeString(file, content);
    }
    return new BearerToken(file, Duration.ofSeconds(10), clock::get);
  }

  @Test
  void acceptsTheTokenOfTheFileWithoutItsSurroundingWhitespace() throws Exception {
    BearerToken t = token("  abc.DEF-123\n");
    assertThat(t.accepts("Bearer abc.DEF-123")).isTrue();
    assertThat(t.accepts("bearer abc.DEF-123")).isTrue();
    assertThat(t.accepts("BEARER \tabc.DEF-123 ")).isTrue();
    assertThat(t.token()).isEqualTo("abc.DEF-123");
    assertThat(t.problem()).isNull();
  }

  @Test
  void refusesOtherTokensSchemesAndShapes() throws Exception {
    BearerToken t = token("abc");
    assertThat(t.accepts(null)).isFalse();
    assertThat(t.accepts("")).isFalse();
    assertThat(t.accepts("abc")).isFalse();
    assertThat(t.accepts("Bearer")).isFalse();
    assertThat(t.accepts("Bearer ")).isFalse();
    assertThat(t.accepts("Bearerabc")).isFalse();
    assertThat(t.accepts("Basic abc")).isFalse();
    assertThat(t.accepts("Bearer ab")).isFalse();
    assertThat(t.accepts("Bearer abcd")).isFalse();
    assertThat(t.accepts("Bearer ABC")).isFalse();
  }

  @Test
  void aMissingOrEmptyFileAcceptsNoTokenAtAll() throws Exception {
    BearerToken missing = token(null);
    assertThat(missing.accepts("Bearer ")).isFalse();
    assertThat(missing.accepts("Bearer null")).isFalse();
    assertThat(missing.problem()).contains("cannot be read");
    assertThat(missing.token()).isNull();
    BearerToken empty = token(" \n");
    assertThat(empty.accepts("Bearer  ")).isFalse();
    assertThat(empty.problem()).contains("is empty");
  }

  @Test
  void theFileIsReadAgainAfterTheReloadInterval() throws Exception {
    BearerToken t = token("one");
    Files.writeString(dir.resolve("token"), "two\n");
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(t.accepts("Bearer one")).isTrue();
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(t.accepts("Bearer two")).isTrue();
    assertThat(t.accepts("Bearer one")).isFalse();
    // A file that disappears (a Secret being replaced) refuses everything until it is back.
    Files.delete(dir.resolve("token"));
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(t.accepts("Bearer two")).isFalse();
    Files.writeString(dir.resolve("token"), "three");
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(t.accepts("Bearer three")).isTrue();
  }

  @Test
  void onlyHealthAndMetricsAreOpen() {
    assertThat(BearerAuth.isOpen("/v2/health/live")).isTrue();
    assertThat(BearerAuth.isOpen("/v2/health/ready")).isTrue();
    assertThat(BearerAuth.isOpen("/metrics")).isTrue();
    assertThat(BearerAuth.isOpen("/q/metrics")).isTrue();
    assertThat(BearerAuth.isOpen("/q/health")).isTrue();
    assertThat(BearerAuth.isOpen("/q/health/ready")).isTrue();
    assertThat(BearerAuth.isOpen("/v2/health/live/x")).isFalse();
    assertThat(BearerAuth.isOpen("/v2/health")).isFalse();
    assertThat(BearerAuth.isOpen("/q/healthz")).isFalse();
    assertThat(BearerAuth.isOpen("/metrics/x")).isFalse();
    assertThat(BearerAuth.isOpen("/v2")).isFalse();
    assertThat(BearerAuth.isOpen("/v2/models/fraud/infer")).isFalse();
  }
}
