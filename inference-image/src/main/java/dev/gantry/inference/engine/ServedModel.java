package dev.gantry.inference.engine;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.inference.batching.DynamicBatcher;
import dev.gantry.inference.metrics.FeatureStatistics;
import dev.gantry.inference.model.BaselineFile;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.validation.InferRequestValidator;
import java.util.Optional;

/** A model ready to serve, with everything that guards and observes it. */
public record ServedModel(
    String name,
    String version,
    String sha256,
    OrtModel model,
    String baselineUri,
    Optional<BaselineFile> baselineFile,
    InferRequestValidator validator,
    FeatureStatistics statistics,
    DynamicBatcher batcher,
    double loadSeconds)
    implements AutoCloseable {

  public Optional<BaselineStatistics> baseline() {
    return baselineFile.map(BaselineFile::statistics);
  }

  @Override
  public void close() throws Exception {
    if (batcher != null) {
      batcher.close();
    }
    model.close();
  }
}
