package dev.gantry.inference.predict;

import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.config.InferenceConfig.OnInvalidRow;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.inference.validation.ValueRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a predict step needs, as plain values, so that the steps run (and are tested) without
 * a Quarkus container; {@link #of} reads them from the image's configuration.
 *
 * @param modelVersion the model_version column: the version, plus "/variant" when one is set
 * @param shardIndex the shard a {@code predict shard} step scores, or -1 when none is set
 * @param classLabels class names in output-column order; empty: the class index
 */
public record PredictSettings(
    List<String> inputs,
    String outputUri,
    int shards,
    String planId,
    int shardIndex,
    Optional<String> idColumn,
    OnInvalidRow onInvalidRow,
    List<String> classLabels,
    int batchSize,
    Optional<String> modelUri,
    Optional<String> modelSha256,
    Optional<String> baselineUri,
    String modelVersion,
    ValueRules rules,
    SessionFactory.Settings session,
    Path pvcMountRoot,
    Path workDir) {

  /**
   * @param env the process environment (JOB_COMPLETION_INDEX, GANTRY_MODEL_VARIANT)
   */
  public static PredictSettings of(InferenceConfig config, java.util.Map<String, String> env) {
    var p = config.predict();
    var s = config.session();
    var v = config.validation();
    int shard =
        p.shardIndex()
            .orElseGet(
                () -> {
                  String index = env.get("JOB_COMPLETION_INDEX");
                  return index == null || index.isBlank() ? -1 : Integer.parseInt(index.trim());
                });
    String variant = env.getOrDefault("GANTRY_MODEL_VARIANT", "").trim();
    String version = config.model().version() + (variant.isEmpty() ? "" : "/" + variant);
    return new PredictSettings(
        p.inputs().orElse(List.of()).stream().map(String::trim).filter(u -> !u.isEmpty()).toList(),
        p.outputUri().orElse(null),
        p.shards(),
        p.planId().orElse(null),
        shard,
        p.idColumn().map(String::trim).filter(c -> !c.isEmpty()),
        p.onInvalidRow(),
        p.classLabels().orElse(List.of()).stream().map(String::trim).toList(),
        p.batchSize(),
        config.model().uri(),
        config.model().sha256(),
        config.model().baselineUri(),
        version,
        new ValueRules(v.mode(), v.nonFinite(), v.rangeMargin()),
        new SessionFactory.Settings(
            s.optimizationLevel(),
            s.intraOpThreads(),
            s.interOpThreads(),
            s.executionProviders(),
            s.cacheOptimizedModel(),
            config.workDir().resolve("optimized"),
            s.allowSpinning()),
        config.model().pvcMountRoot(),
        config.workDir());
  }
}
