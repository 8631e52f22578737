package dev.gantry.inference.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the inference server can be told, under the {@code gantry.} prefix. */
@ConfigMapping(prefix = "gantry")
public interface InferenceConfig {

  /**
   * serve (the default), validate or predict; the image's {@code validate} or {@code predict}
   * argument sets it.
   */
  @WithDefault("serve")
  String mode();

  /** The only directory the server writes to: downloads, optimized graphs, temp files. */
  @WithDefault("/tmp/gantry")
  Path workDir();

  Model model();

  Session session();

  Batching batching();

  Validation validation();

  Grpc grpc();

  Limits limits();

  Auth auth();

  Validate validate();

  Predict predict();

  interface Model {
    /** Model name served under /v2/models/{name}. */
    @WithDefault("model")
    String name();

    /** Model version reported in metadata and accepted in /versions/{v} paths. */
    @WithDefault("1")
    String version();

    /** file://, pvc://claim/path, http(s):// or s3:// URI, or a plain path. */
    Optional<String> uri();

    /** Expected sha256 (hex) of the model file; the server refuses to serve on a mismatch. */
    Optional<String> sha256();

    /** Baseline statistics URI; default: baseline.json beside the model. */
    Optional<String> baselineUri();

    /** Where pvc://claim/path URIs are mounted: {pvcMountRoot}/{claim}/{path}. */
    @WithDefault("/mnt/pvc")
    Path pvcMountRoot();

    /** Synthetic warm-up calls before readiness turns true. */
    @WithDefault("20")
    int warmupRuns();
  }

  interface Session {
    /** disable | basic | extended | all. */
    @WithDefault("all")
    String optimizationLevel();

    /** 0 = the container's CPU limit (what the JVM sees as available processors). */
    @WithDefault("0")
    int intraOpThreads();

    /** 0 = 1 (sequential execution of the graph, the usual best for small models). */
    @WithDefault("0")
    int interOpThreads();

    /** In order of preference: CUDA, TensorRT, CPU. Missing providers are skipped. */
    @WithDefault("CPU")
    List<String> executionProviders();

    /** Save the optimized graph in the work dir and reuse it on the next start. */
    @WithDefault("true")
    boolean cacheOptimizedModel();

    /** Let idle ONNX Runtime pool threads spin for work (lower latency, burns shared CPU). */
    @WithDefault("false")
    boolean allowSpinning();
  }

  interface Batching {
    @WithDefault("true")
    boolean enabled();

    /** Rows per coalesced session.run. */
    @WithDefault("32")
    int maxBatchSize();

    /** How long the first request of a batch waits for company. */
    @WithDefault("2ms")
    Duration maxDelay();

    /** Requests waiting for a batch before new ones are refused (503). */
    @WithDefault("4096")
    int maxQueuedRequests();
  }

  interface Validation {
    /** Reject | Warn | Off: what to do with values outside the baseline's training range. */
    @WithDefault("Reject")
    ValidationMode mode();

    /** Reject | Allow: NaN and infinite floating-point values. */
    @WithDefault("Reject")
    NonFinitePolicy nonFinite();

    /**
     * Allowed distance outside the baseline's [min, max], as a fraction of that span; 0 = the exact
     * training range.
     */
    @WithDefault("0.5")
    double rangeMargin();
  }

  interface Grpc {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("0.0.0.0")
    String host();

    /** 0 = any free port (tests). */
    @WithDefault("8081")
    int port();

    /**
     * Largest inbound message in bytes; a larger one is refused with RESOURCE_EXHAUSTED before it
     * is parsed. Default: gantry.limits.max-request-bytes.
     */
    Optional<Integer> maxMessageBytes();
  }

  /**
   * What one request may ask of the server, on both bindings (docs/inference-server.md#limits).
   * Each is checked before anything the request declares is allocated.
   */
  interface Limits {
    /**
     * Largest REST body (413, refused from its Content-Length before it is read, or as soon as a
     * chunked body passes it) and gRPC message (RESOURCE_EXHAUSTED). 16M; GANTRY_MAX_REQUEST_BYTES
     * is read too (application.properties).
     */
    MemorySize maxRequestBytes();

    /** Most inputs, and most requested outputs, in one request (400 / INVALID_ARGUMENT). */
    @WithDefault("1024")
    int maxTensors();

    /**
     * Most elements in one tensor, declared (product of the shape, and any single dimension) or
     * sent (400 / INVALID_ARGUMENT).
     */
    @WithDefault("1000000")
    long maxElements();

    /** Longest BYTES element, in UTF-8 bytes (400 / INVALID_ARGUMENT). */
    @WithDefault("1M")
    MemorySize maxElementBytes();
  }

  /**
   * Optional bearer-token authentication of inference and metadata requests (REST and gRPC); health
   * and metrics stay open. Off unless a token file is set.
   */
  interface Auth {
    /**
     * File holding the token (a mounted Secret key; surrounding whitespace is ignored). When set,
     * REST requests need {@code Authorization: Bearer <token>} and gRPC calls the metadata {@code
     * authorization: Bearer <token>}. Env: GANTRY_AUTH_TOKEN_FILE.
     */
    Optional<Path> tokenFile();

    /** How often the token file is read again, so that a rotated Secret takes effect. */
    @WithDefault("10s")
    Duration reloadInterval();
  }

  /** The validate command: score a golden CSV set and report to the termination message. */
  interface Validate {
    /** CSV with a header row: feature columns plus the label column. */
    Optional<String> goldenUri();

    @WithDefault("label")
    String labelColumn();

    /** Class names in output-column order, when labels are names rather than indices. */
    Optional<List<String>> classLabels();

    /** Fail validation below this accuracy. */
    Optional<Double> minAccuracy();

    /** Further gates: metric>=value or metric<=value, e.g. auc>=0.9,rmse<=0.3. */
    Optional<List<String>> gates();

    @WithDefault("/dev/termination-log")
    Path terminationMessagePath();

    @WithDefault("256")
    int batchSize();
  }

  /**
   * The predict command (offline batch scoring of a BatchPrediction): {@code predict plan} checks
   * the inputs and splits their rows into shards, {@code predict shard} scores one shard. See
   * docs/inference-server.md.
   */
  interface Predict {
    /** Input CSV URIs (file://, pvc://, s3://, http(s)://), comma-separated, in row order. */
    Optional<List<String>> inputs();

    /** Directory-like prefix the plan, parts and manifests go under (file://, pvc:// or s3://). */
    Optional<String> outputUri();

    /** Plan step: how many shards to split the rows into. */
    @WithDefault("1")
    int shards();

    /** Plan step: the id a shard's manifest must carry to count as complete. */
    Optional<String> planId();

    /**
     * Shard step: which shard to score; default: the JOB_COMPLETION_INDEX env var Kubernetes sets
     * in an Indexed Job.
     */
    Optional<Integer> shardIndex();

    /** Column whose value is a row's row_id; default: the global row number. */
    Optional<String> idColumn();

    /** Skip (write the row to the errors file and go on) or Fail (stop at the first one). */
    @WithDefault("Skip")
    OnInvalidRow onInvalidRow();

    /** Class names in output-column order; default: the class index. */
    Optional<List<String>> classLabels();

    /** Rows per ONNX Runtime run. */
    @WithDefault("4096")
    int batchSize();

    @WithDefault("/dev/termination-log")
    Path terminationMessagePath();
  }

  enum OnInvalidRow {
    Skip,
    Fail
  }

  enum ValidationMode {
    Reject,
    Warn,
    Off
  }

  enum NonFinitePolicy {
    Reject,
    Allow
  }
}
