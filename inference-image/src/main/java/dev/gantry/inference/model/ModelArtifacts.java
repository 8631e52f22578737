package dev.gantry.inference.model;

import dev.gantry.contract.BaselineStatistics;
import java.nio.file.Path;
import java.util.Optional;

/** A fetched, verified model file and its baseline statistics, when there are any. */
public record ModelArtifacts(Path model, String sha256, Optional<BaselineStatistics> baseline) {}
