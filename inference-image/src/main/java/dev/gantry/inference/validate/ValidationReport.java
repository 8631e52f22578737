package dev.gantry.inference.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the validate command writes to the termination message (and stdout).
 *
 * @param passed whether the artifact verified, loaded, and met every gate
 * @param failedGates the gates that did not hold, as written
 * @param error why validation could not run (download, sha256, load, golden set)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReport(
    boolean passed,
    String modelUri,
    String sha256,
    Map<String, Double> metrics,
    List<String> failedGates,
    String error) {}
