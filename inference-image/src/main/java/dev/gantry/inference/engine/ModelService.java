package dev.gantry.inference.engine;

import dev.gantry.inference.batching.DynamicBatcher;
import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.config.RunMode;
import dev.gantry.inference.metrics.FeatureStatistics;
import dev.gantry.inference.metrics.InferenceMetrics;
import dev.gantry.inference.model.ArtifactLoader;
import dev.gantry.inference.model.ModelArtifacts;
import dev.gantry.inference.model.ModelFetcher;
import dev.gantry.inference.model.ModelFetchers;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.InferenceException.Kind;
import dev.gantry.inference.runtime.OrtModel;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.inference.validation.FeatureBinding;
import dev.gantry.inference.validation.FeatureMap;
import dev.gantry.inference.validation.InferRequestValidator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Owns the served model: loads it in the background at start-up (so liveness answers at once),
 * warms it up, and only then reports ready. A failed load (missing file, sha256 mismatch, a model
 * ONNX Runtime rejects) leaves the server live but never ready, with the reason in the log and in
 * readiness answers.
 */
@ApplicationScoped
public class ModelService {

  private static final Logger LOG = Logger.getLogger(ModelService.class);

  /** Synthetic requests through both protocols before readiness; well under a second. */
  private static final int PROTOCOL_WARMUP_REQUESTS = 300;

  /** Where loading stands. */
  public enum State {
    LOADING,
    /** Loaded; taking synthetic warm-up requests through the real endpoints, not yet ready. */
    WARMING,
    READY,
    FAILED
  }

  private final InferenceConfig config;
  private final RunMode runMode;
  private final InferenceMetrics metrics;
  private final InFlightRequests inFlight;
  private final ProtocolWarmUp protocolWarmUp;
  private volatile State state = State.LOADING;
  private volatile String failure;
  private volatile ServedModel served;

  public ModelService(
      InferenceConfig config,
      RunMode runMode,
      InferenceMetrics metrics,
      InFlightRequests inFlight,
      ProtocolWarmUp protocolWarmUp) {
    this.config = config;
    this.protocolWarmUp = protocolWarmUp;
    this.runMode = runMode;
    this.metrics = metrics;
    this.inFlight = inFlight;
  }

  void onStart(@Observes StartupEvent event) {
    if (!runMode.isServe()) {
      return;
    }
    Thread.ofPlatform().name("gantry-model-loader").start(this::loadConfiguredModel);
  }

  void onStop(@Observes ShutdownEvent event) throws Exception {
    ServedModel m = served;
    if (m != null) {
      m.close();
    }
  }

  private void loadConfiguredModel() {
    try {
      String uri =
          config
              .model()
              .uri()
              .orElseThrow(() -> new IllegalStateException("gantry.model.uri is not set"));
      served = load(config, uri, metrics, inFlight::get);
      state = State.WARMING;
      try {
        protocolWarmUp.run(served, PROTOCOL_WARMUP_REQUESTS);
      } catch (Exception e) {
        // Synthetic inputs a model refuses must not keep a loadable model from serving.
        LOG.warnf("protocol warm-up failed (%s); the first requests will be slower", e.toString());
      }
      state = State.READY;
      LOG.infof(
          "model %s version %s is ready (%.2f s, sha256 %s)",
          served.name(), served.version(), served.loadSeconds(), served.sha256());
    } catch (Exception e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      state = State.FAILED;
      LOG.errorf(e, "model %s failed to load; the server will not become ready", name());
    }
  }

  /**
   * Fetches, verifies, loads and warms up a model as configured.
   *
   * @param metrics where to register model metrics, or null
   * @param activeRequests requests in flight, which tells the batcher whether to wait for more
   */
  public static ServedModel load(
      InferenceConfig config, String uri, InferenceMetrics metrics, IntSupplier activeRequests)
      throws Exception {
    long start = System.nanoTime();
    ModelArtifacts a;
    try (ModelFetcher fetcher = ModelFetchers.create(config.model().pvcMountRoot())) {
      a =
          new ArtifactLoader(fetcher, config.workDir().resolve("models"))
              .load(uri, config.model().sha256().orElse(null), config.model().baselineUri());
    }
    var s = config.session();
    SessionFactory sessions =
        new SessionFactory(
            new SessionFactory.Settings(
                s.optimizationLevel(),
                s.intraOpThreads(),
                s.interOpThreads(),
                s.executionProviders(),
                s.cacheOptimizedModel(),
                config.workDir().resolve("optimized"),
                s.allowSpinning()));
    OrtModel model = sessions.create(a.model(), a.sha256());
    List<FeatureBinding> bindings = FeatureMap.bind(model.signature(), a.baseline());
    var v = config.validation();
    InferRequestValidator validator =
        new InferRequestValidator(
            model.signature(), bindings, v.mode(), v.nonFinite(), v.rangeMargin());
    var b = config.batching();
    DynamicBatcher batcher =
        b.enabled() && model.signature().isBatchable()
            ? new DynamicBatcher(
                model::run,
                b.maxBatchSize(),
                b.maxDelay().toNanos(),
                b.maxQueuedRequests(),
                activeRequests)
            : null;
    if (b.enabled() && batcher == null) {
      LOG.info(
          "batching is off: the model has inputs or outputs without a dynamic first dimension");
    }
    try {
      WarmUp.run(model, batcher, config.model().warmupRuns(), b.maxBatchSize());
    } catch (Exception e) {
      LOG.warnf("session warm-up failed (%s); the first requests will be slower", e.toString());
    }
    FeatureStatistics statistics = new FeatureStatistics(a.baseline(), bindings);
    double seconds = (System.nanoTime() - start) / 1e9;
    String name = config.model().name();
    if (metrics != null) {
      metrics.modelLoaded(name, seconds);
      metrics.register(name);
      metrics.registerFeatures(name, statistics);
    }
    return new ServedModel(
        name,
        config.model().version(),
        a.sha256(),
        model,
        a.baselineUri(),
        a.baselineFile(),
        validator,
        statistics,
        batcher,
        seconds);
  }

  public String name() {
    return config.model().name();
  }

  public String version() {
    return config.model().version();
  }

  public State state() {
    return state;
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  public boolean isReady() {
    return state == State.READY;
  }

  /** Whether {@code name} (and {@code version}, when given) is the served model. */
  public boolean serves(String name, String version) {
    return name().equals(name) && (version == null || version().equals(version));
  }

  /** The served model, or a NOT_FOUND / UNAVAILABLE refusal. */
  public ServedModel require(String name, String version) {
    return require(name, version, false);
  }

  /**
   * @param warmUp a synthetic warm-up request, which may use the model before it is ready
   */
  public ServedModel require(String name, String version, boolean warmUp) {
    if (!serves(name, version)) {
      throw new InferenceException(
          Kind.NOT_FOUND,
          "model '"
              + name
              + "'"
              + (version == null ? "" : " version '" + version + "'")
              + " is not served here (serving '"
              + name()
              + "' version '"
              + version()
              + "')");
    }
    ServedModel m = served;
    if (m == null || (state != State.READY && !(warmUp && state == State.WARMING))) {
      throw new InferenceException(
          Kind.UNAVAILABLE,
          "model '"
              + name
              + "' is not ready: "
              + (state == State.FAILED ? "it failed to load: " + failure : "still loading"));
    }
    return m;
  }
}
