package dev.gantry.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the inference image's validate mode writes to its termination message (and stdout), as JSON.
 * The operator reads it to decide a ModelVersion's validation.
 *
 * @param passed whether the artifact verified, loaded, and met the gates the image was given
 * @param modelUri the artifact validated
 * @param sha256 the digest the image computed; null when it could not
 * @param metrics measured on the golden set; empty without one
 * @param failedGates gates the image itself checked and found failing, as written
 * @param error why validation could not run (download, sha256, load, golden set)
 * @param simulated true only from a stand-in (a test cluster's simulated node) that downloaded,
 *     hashed and loaded nothing; null from the inference image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReport(
    boolean passed,
    String modelUri,
    String sha256,
    Map<String, Double> metrics,
    List<String> failedGates,
    String error,
    Boolean simulated) {

  /** A report of the inference image, which always validates for real. */
  public ValidationReport(
      boolean passed,
      String modelUri,
      String sha256,
      Map<String, Double> metrics,
      List<String> failedGates,
      String error) {
    this(passed, modelUri, sha256, metrics, failedGates, error, null);
  }

  @JsonIgnore
  public boolean isSimulated() {
    return Boolean.TRUE.equals(simulated);
  }
}
