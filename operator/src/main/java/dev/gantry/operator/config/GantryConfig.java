package dev.gantry.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Operator settings; the Helm chart sets them as GANTRY_* environment variables. */
@ConfigMapping(prefix = "gantry")
public interface GantryConfig {

  /** How training pods are built. */
  Training training();

  interface Training {
    /**
     * The extended resource that counts as a GPU (nvidia.com/gpu, amd.com/gpu, ...): what
     * status.gpu.allocated counts.
     */
    @WithDefault("nvidia.com/gpu")
    String gpuResourceName();

    /** The rendezvous port of rank 0 (MASTER_PORT); 29500 is PyTorch's default. */
    @WithDefault("29500")
    int masterPort();
  }

  /** The Gantry inference image, which serves models and validates ModelVersions. */
  Inference inference();

  interface Inference {
    /** Image reference; the chart sets it from its inference.image values. */
    @WithDefault("gantry/inference:0.1.0")
    String image();
  }

  /**
   * The operator's own pods, which an InferenceService's NetworkPolicy lets in: DriftMonitors read
   * the serving pods' statistics and baselines over HTTP.
   */
  Operator operator();

  interface Operator {
    /**
     * The operator's namespace. The chart sets KUBERNETES_NAMESPACE from the pod's own; empty when
     * the operator runs outside the cluster (then no NetworkPolicy rule names it).
     */
    @WithDefault("${KUBERNETES_NAMESPACE:}")
    Optional<String> namespace();

    /**
     * Labels that select the operator's pods, as key=value pairs (GANTRY_OPERATOR_POD_LABELS,
     * comma-separated); the chart sets its selector labels.
     */
    @WithDefault("app.kubernetes.io/name=gantry,app.kubernetes.io/component=operator")
    List<String> podLabels();
  }

  /** ModelVersion validation Jobs. */
  Validation validation();

  interface Validation {
    /** A validation Job that runs longer than this fails (download, load, golden set). */
    @WithDefault("900")
    long activeDeadlineSeconds();

    /**
     * ModelVersion annotations whose keys start with one of these prefixes are copied onto the
     * validation pod (e.g. a mesh's sidecar.istio.io/ annotations, or a test cluster's simulated
     * pod outcome). Empty: none.
     */
    Optional<List<String>> copiedAnnotationPrefixes();

    /**
     * A Secret of the ModelVersion's namespace whose keys become the validation pod's environment
     * (optional: a namespace without it validates without), e.g. AWS_ACCESS_KEY_ID,
     * AWS_SECRET_ACCESS_KEY and AWS_ENDPOINT_URL_S3 for s3:// artifacts.
     */
    Optional<String> envSecret();

    /**
     * ServiceAccount of validation pods, e.g. one bound to a cloud role (IRSA, Workload Identity).
     */
    Optional<String> serviceAccount();

    /**
     * Where validation pods run, as JSON: {@code {"nodeSelector": {...}, "tolerations": [...],
     * "affinity": {...}}}. Empty: wherever the scheduler puts them.
     */
    Optional<String> placement();
  }
}
