package dev.gantry.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What rank 0 of a successful training run writes to its termination message, as JSON. The operator
 * turns it into a ModelVersion.
 *
 * @param artifactUri where the model artifact was written (e.g. {@code
 *     pvc://models/fraud/7/model.onnx})
 * @param sha256 hex sha256 of the artifact
 * @param metrics evaluation metrics on the held-out split, by name
 * @param baselineUri where the training baseline statistics ({@link BaselineStatistics}) are
 * @param modelFormat the artifact's format, {@code onnx} by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResult(
    String artifactUri,
    String sha256,
    Map<String, Double> metrics,
    String baselineUri,
    String modelFormat) {}
