package dev.gantry.storage;

import java.io.IOException;

/**
 * The location was reached but holds no artifact: a missing file, HTTP 404/410, or a missing S3 key
 * or bucket. Retrying will not help (unlike an unreachable server, a plain {@link IOException}).
 */
public final class ArtifactNotFoundException extends IOException {
  private final String uri;

  public ArtifactNotFoundException(String uri, String detail) {
    super("artifact not found at " + uri + ": " + detail);
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }
}
