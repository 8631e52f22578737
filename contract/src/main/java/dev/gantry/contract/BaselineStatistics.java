package dev.gantry.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Per-feature statistics of a model's training data ({@code baseline.json}). Drift detection
 * compares live inputs, binned on the same edges, against these counts.
 *
 * @param schemaVersion format version, currently 1
 * @param rowCount rows the statistics were computed on
 * @param features one entry per model input feature
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BaselineStatistics(int schemaVersion, long rowCount, List<FeatureBaseline> features) {

  public static final int CURRENT_SCHEMA_VERSION = 1;
}
