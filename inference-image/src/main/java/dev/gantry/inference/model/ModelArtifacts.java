package dev.gantry.inference.model;

import dev.gantry.contract.BaselineStatistics;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A fetched, verified model file and its baseline statistics, when there are any.
 *
 * @param baselineUri where the baseline was looked for, found or not
 */
public record ModelArtifacts(
    Path model, String sha256, String baselineUri, Optional<BaselineFile> baselineFile) {

  public Optional<BaselineStatistics> baseline() {
    return baselineFile.map(BaselineFile::statistics);
  }
}
