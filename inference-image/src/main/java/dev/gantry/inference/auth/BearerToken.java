package dev.gantry.inference.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The expected bearer token, read from a file (a mounted Secret key) and read again every {@code
 * reloadInterval}, so that a rotated Secret takes effect without a restart. Presented tokens are
 * compared in constant time: both sides are hashed with SHA-256 first, so neither their content nor
 * their length shows in the time a comparison takes. A file that cannot be read (or holds only
 * whitespace) accepts no token at all.
 */
public final class BearerToken {

  private static final Logger LOG = Logger.getLogger(BearerToken.class);
  private static final String SCHEME = "bearer";

  /** A loaded token: its SHA-256, or null when the file gave none, and why. */
  private record Loaded(byte[] digest, String token, String problem, long atNanos) {}

  private final Path file;
  private final long reloadNanos;
  private final LongSupplier clock;
  private final AtomicBoolean reloading = new AtomicBoolean();
  private volatile Loaded loaded;

  public BearerToken(Path file, Duration reloadInterval) {
    this(file, reloadInterval, System::nanoTime);
  }

  BearerToken(Path file, Duration reloadInterval, LongSupplier clock) {
    this.file = file;
    this.reloadNanos = reloadInterval.toNanos();
    this.clock = clock;
    this.loaded = load(null);
  }

  public Path file() {
    return file;
  }

  /** Why no token is accepted right now, or null when one is. */
  public String problem() {
    return current().problem();
  }

  /** The current token, for the server's own loopback warm-up requests; null when none. */
  public String token() {
    return current().token();
  }

  /** Whether an {@code Authorization} header value carries the expected token. */
  public boolean accepts(String authorization) {
    String presented = presented(authorization);
    Loaded now = current();
    if (presented == null || now.digest() == null) {
      return false;
    }
    return MessageDigest.isEqual(now.digest(), sha256(presented));
  }

  /** The token of a {@code Bearer <token>} header value (scheme case-insensitive), else null. */
  static String presented(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() <= SCHEME.length()
        || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)
        || !Character.isWhitespace(value.charAt(SCHEME.length()))) {
      return null;
    }
    String token = value.substring(SCHEME.length()).strip();
    return token.isEmpty() ? null : token;
  }

  private Loaded current() {
    Loaded now = loaded;
    if (clock.getAsLong() - now.atNanos() >= reloadNanos && reloading.compareAndSet(false, true)) {
      try {
        now = load(now);
        loaded = now;
      } finally {
        reloading.set(false);
      }
    }
    return now;
  }

  private Loaded load(Loaded before) {
    long at = clock.getAsLong();
    String token = null;
    String problem = null;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        problem = "the token file " + file + " is empty";
        token = null;
      }
    } catch (IOException | RuntimeException e) {
      problem = "the token file " + file + " cannot be read: " + e;
    }
    Loaded next = new Loaded(token == null ? null : sha256(token), token, problem, at);
    if (before == null || !java.util.Objects.equals(before.token(), next.token())) {
      if (problem != null) {
        LOG.errorf(
            "bearer auth: %s; every protected request is refused until it is fixed", problem);
      } else if (before != null) {
        LOG.infof("bearer auth: the token in %s changed; the new one is in force", file);
      }
    }
    return next;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
