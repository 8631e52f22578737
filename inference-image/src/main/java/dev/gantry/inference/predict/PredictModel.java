package dev.gantry.inference.predict;

import ai.onnxruntime.OrtException;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.inference.model.ArtifactLoader;
import dev.gantry.inference.model.ModelArtifacts;
import dev.gantry.inference.model.ModelFetcher;
import dev.gantry.inference.model.ModelFetchers;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.storage.ChecksumMismatchException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The model a predict step scores with: fetched, sha256-verified and loaded into ONNX Runtime the
 * way the server loads it, but without warm-up, batcher or metrics, which a batch run has no use
 * for.
 */
record PredictModel(String uri, String sha256, OrtModel ort, Optional<BaselineStatistics> baseline)
    implements AutoCloseable {

  /**
   * @param expectedSha256 the digest to verify, or null
   * @throws PredictFailure ModelNotLoadable when the file is missing, its digest differs or ONNX
   *     Runtime refuses it; an unreachable store stays an IOException (retryable)
   */
  static PredictModel load(PredictSettings settings, String uri, String expectedSha256)
      throws PredictFailure, IOException {
    ModelArtifacts a;
    try (ModelFetcher fetcher = ModelFetchers.create(settings.pvcMountRoot())) {
      a =
          new ArtifactLoader(fetcher, settings.workDir().resolve("models"))
              .load(uri, expectedSha256, settings.baselineUri());
    } catch (NoSuchFileException | ChecksumMismatchException | IllegalArgumentException e) {
      throw PredictFailure.permanent(
          PredictFailure.MODEL_NOT_LOADABLE, "model " + uri + ": " + e.getMessage(), e);
    }
    try {
      OrtModel ort = new SessionFactory(settings.session()).create(a.model(), a.sha256());
      return new PredictModel(uri, a.sha256(), ort, a.baseline());
    } catch (OrtException | IllegalArgumentException e) {
      throw PredictFailure.permanent(
          PredictFailure.MODEL_NOT_LOADABLE,
          "ONNX Runtime cannot load model " + uri + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() throws OrtException {
    ort.close();
  }
}
