package dev.gantry.inference.model;

import dev.gantry.contract.BaselineStatistics;

/**
 * The baseline statistics a model was loaded with, and which file they came from.
 *
 * @param uri where baseline.json was read (beside the model, or {@code gantry.model.baseline-uri})
 * @param sha256 hex sha256 of the file's bytes
 * @param statistics its content
 */
public record BaselineFile(String uri, String sha256, BaselineStatistics statistics) {}
