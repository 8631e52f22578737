package dev.gantry.operator.modelversion;

import java.util.List;
import java.util.Map;

/**
 * What the inference image's validate mode writes to its termination message
 * (dev.gantry.inference.validate.ValidationReport in inference-image).
 *
 * @param passed whether the artifact verified, loaded, and met the gates the image was given
 * @param sha256 the digest the image computed; null when it could not
 * @param metrics measured on the golden set; empty without one
 * @param failedGates gates the image itself checked and found failing
 * @param error why validation could not run (download, sha256, load, golden set)
 */
public record ValidationReport(
    boolean passed,
    String modelUri,
    String sha256,
    Map<String, Double> metrics,
    List<String> failedGates,
    String error) {}
