package dev.gantry.contract;

/**
 * Response headers of the inference server's {@code GET /v2/models/{name}/baseline}, whose body is
 * the served model's {@code baseline.json} ({@link BaselineStatistics}). They say which model
 * version and which file the statistics belong to, so a reader can check it asked the right server.
 */
public final class BaselineHeaders {
  /** The served model's version ({@code gantry.model.version}, a ModelVersion's spec.version). */
  public static final String MODEL_VERSION = "Gantry-Model-Version";

  /** The URI the server read the baseline from. */
  public static final String BASELINE_URI = "Gantry-Baseline-Uri";

  /** Hex sha256 of the baseline file's bytes as the server read them. */
  public static final String BASELINE_SHA256 = "Gantry-Baseline-Sha256";

  private BaselineHeaders() {}
}
