package dev.gantry.inference.engine;

import ai.onnxruntime.OrtException;
import dev.gantry.inference.batching.RunResult;
import dev.gantry.inference.metrics.FeatureStatistics;
import dev.gantry.inference.metrics.InferenceMetrics;
import dev.gantry.inference.metrics.LiveFeature;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferResponse;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.InferenceException.Kind;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.ValidatedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One inference, whatever the protocol: find the model, validate, run (batched when possible),
 * count the live feature statistics, and record metrics for every outcome.
 */
@ApplicationScoped
public class InferenceEngine {

  private static final Logger LOG = Logger.getLogger(InferenceEngine.class);

  private final ModelService models;
  private final InferenceMetrics metrics;
  private final InFlightRequests inFlight;

  /** Scratch statistics the warm-up requests are counted in, per served model's statistics. */
  private final Map<FeatureStatistics, FeatureStatistics> warmUpStatistics =
      new ConcurrentHashMap<>();

  public InferenceEngine(ModelService models, InferenceMetrics metrics, InFlightRequests inFlight) {
    this.models = models;
    this.metrics = metrics;
    this.inFlight = inFlight;
  }

  public InferResponse infer(InferRequest request, String protocol) {
    long start = System.nanoTime();
    String outcome = Kind.ERROR.outcome();
    // Synthetic warm-up requests the server sends itself before readiness: counted only in scratch.
    // Once ready the flag is ignored, so no client can hide requests or leave scratch meters
    // behind.
    boolean warmUp =
        !models.isReady()
            && Boolean.TRUE.equals(request.parameters().get(ProtocolWarmUp.PARAMETER));
    inFlight.enter();
    try {
      ServedModel model = models.require(request.modelName(), request.modelVersion(), warmUp);
      // Warm-up requests take the very same path into scratch meters and statistics.
      String metricsModel = warmUp ? InferenceMetrics.WARM_UP_MODEL : model.name();
      ValidatedRequest valid = model.validator().validate(request);
      if (!valid.warnings().isEmpty()) {
        metrics.outOfRange(metricsModel, valid.warnings());
        LOG.debugf("values outside the training range of %s (mode Warn)", valid.warnings());
      }
      RunResult result =
          model.batcher() != null ? model.batcher().run(valid) : runDirect(model, valid);
      outcome = "success";
      metrics.run(metricsModel, result.queueNanos(), result.runNanos(), result.batchRows());
      Map<String, Tensor> byName = new HashMap<>();
      valid.inputs().forEach(t -> byName.put(t.name(), t));
      (warmUp ? scratch(model.statistics()) : model.statistics()).record(byName);
      return new InferResponse(model.name(), model.version(), request.id(), result.outputs());
    } catch (InferenceException e) {
      outcome = e.kind().outcome();
      throw e;
    } catch (OrtException e) {
      LOG.warn("ONNX Runtime failed on a validated request", e);
      throw new InferenceException(Kind.ERROR, "inference failed: " + e.getMessage(), e);
    } catch (Exception e) {
      LOG.error("inference failed", e);
      throw new InferenceException(Kind.ERROR, "inference failed: " + e, e);
    } finally {
      inFlight.leave();
      metrics.request(
          warmUp ? InferenceMetrics.WARM_UP_MODEL : models.name(),
          protocol,
          outcome,
          System.nanoTime() - start);
    }
  }

  /** Drops what the warm-up requests were counted in; called before readiness turns true. */
  public void warmUpDone() {
    metrics.forget(InferenceMetrics.WARM_UP_MODEL);
    warmUpStatistics.clear();
  }

  private FeatureStatistics scratch(FeatureStatistics real) {
    return warmUpStatistics.computeIfAbsent(
        real,
        r ->
            new FeatureStatistics(
                Optional.empty(), r.features().stream().map(LiveFeature::binding).toList()));
  }

  /** Counts a request refused before it could be decoded (malformed body or message). */
  public void rejected(InferenceException e, String protocol) {
    metrics.request(models.name(), protocol, e.kind().outcome(), 0);
  }

  private static RunResult runDirect(ServedModel model, ValidatedRequest valid)
      throws OrtException {
    long start = System.nanoTime();
    var outputs = model.model().run(valid.inputs(), valid.outputs());
    return new RunResult(outputs, 0, System.nanoTime() - start, valid.rows());
  }
}
