package dev.gantry.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Creates ONNX Runtime sessions: graph optimization (the optimized graph is saved in the work dir
 * and reused on the next start), thread counts sized to the container, and execution providers in
 * order of preference with a logged fallback.
 */
public final class SessionFactory {

  private static final Logger LOG = Logger.getLogger(SessionFactory.class);

  /** What a session needs to know; mirrors gantry.session.* settings. */
  public record Settings(
      String optimizationLevel,
      int intraOpThreads,
      int interOpThreads,
      List<String> executionProviders,
      boolean cacheOptimizedModel,
      Path cacheDir,
      boolean allowSpinning) {}

  private final Settings settings;

  public SessionFactory(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param modelPath the verified model file
   * @param modelSha256 its digest, which keys the optimized-graph cache
   */
  public OrtModel create(Path modelPath, String modelSha256) throws OrtException, IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OptLevel level = optLevel(settings.optimizationLevel());
    try (SessionOptions options = new SessionOptions()) {
      int intra =
          settings.intraOpThreads() > 0
              ? settings.intraOpThreads()
              : Runtime.getRuntime().availableProcessors();
      int inter = Math.max(1, settings.interOpThreads());
      options.setIntraOpNumThreads(intra);
      options.setInterOpNumThreads(inter);
      if (!settings.allowSpinning()) {
        // Idle pool threads spinning for work steal CPU from the HTTP and gRPC threads in a
        // CPU-limited container; parking them costs a few µs per run instead.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
      }
      List<String> providers = addExecutionProviders(options, env);

      Path optimized = cachedGraphPath(modelSha256, level, providers);
      OrtSession session = null;
      if (optimized != null && Files.isRegularFile(optimized)) {
        // Already optimized for this model, level and providers: skip the optimizer.
        options.setOptimizationLevel(OptLevel.NO_OPT);
        try {
          session = env.createSession(optimized.toString(), options);
          LOG.infof("reused the optimized graph %s", optimized);
        } catch (OrtException e) {
          LOG.warnf("cached optimized graph %s is unusable (%s); re-optimizing", optimized, e);
          Files.deleteIfExists(optimized);
        }
      }
      if (session == null) {
        options.setOptimizationLevel(level);
        if (optimized != null) {
          Files.createDirectories(optimized.getParent());
          options.setOptimizedModelFilePath(optimized.toString());
        }
        session = env.createSession(modelPath.toString(), options);
        if (optimized != null) {
          LOG.infof("optimized graph (%s) saved to %s", level, optimized);
        }
      }
      LOG.infof(
          "ONNX Runtime session: optimization %s, intra-op threads %d, inter-op threads %d,"
              + " execution providers %s",
          level, intra, inter, providers);
      return new OrtModel(env, session, ModelSignature.of(session), providers);
    }
  }

  private Path cachedGraphPath(String sha256, OptLevel level, List<String> providers) {
    if (!settings.cacheOptimizedModel() || level == OptLevel.NO_OPT || sha256 == null) {
      return null;
    }
    String name =
        sha256 + "-" + level.name().toLowerCase(Locale.ROOT) + "-" + String.join("+", providers);
    return settings.cacheDir().resolve(name.toLowerCase(Locale.ROOT) + ".onnx");
  }

  /** Adds the configured providers that this build and machine have; CPU is always last. */
  private List<String> addExecutionProviders(SessionOptions options, OrtEnvironment env) {
    EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
    List<String> used = new ArrayList<>();
    for (String wanted : settings.executionProviders()) {
      String name = wanted.trim().toUpperCase(Locale.ROOT);
      try {
        switch (name) {
          case "CUDA" -> {
            requireAvailable(available, OrtProvider.CUDA, name);
            options.addCUDA(0);
            used.add("CUDA");
          }
          case "TENSORRT" -> {
            requireAvailable(available, OrtProvider.TENSOR_RT, name);
            options.addTensorrt(0);
            used.add("TensorRT");
          }
          case "CPU" -> {
            // The CPU provider is always registered last by ONNX Runtime itself.
          }
          default -> throw new IllegalArgumentException("unknown execution provider " + wanted);
        }
      } catch (OrtException | UnsupportedOperationException e) {
        LOG.warnf(
            "execution provider %s is not available (%s); falling back to the next one",
            wanted, e.getMessage());
      }
    }
    used.add("CPU");
    return used;
  }

  private static void requireAvailable(
      EnumSet<OrtProvider> available, OrtProvider provider, String name) {
    if (!available.contains(provider)) {
      throw new UnsupportedOperationException(
          name + " is not in this ONNX Runtime build (available: " + available + ")");
    }
  }

  static OptLevel optLevel(String level) {
    return switch (level.trim().toLowerCase(Locale.ROOT)) {
      case "disable", "none", "off" -> OptLevel.NO_OPT;
      case "basic" -> OptLevel.BASIC_OPT;
      case "extended" -> OptLevel.EXTENDED_OPT;
      case "all" -> OptLevel.ALL_OPT;
      default ->
          throw new IllegalArgumentException(
              "gantry.session.optimization-level must be disable, basic, extended or all: "
                  + level);
    };
  }
}
