package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.operator.common.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of an InferenceService's children. Every name derives from the
 * InferenceService's name alone, so a restarted operator finds what it created.
 */
public final class InferenceServiceNames {
  /** On every child and serving pod: the join key for caches, the Service and the PDB. */
  public static final String INFERENCE_SERVICE = "gantry.dev/inferenceservice";

  /** stable or canary, on the Deployments and their pods. */
  public static final String ROLE = "gantry.dev/role";

  /** The ModelVersion a serving pod runs. */
  public static final String MODEL_VERSION = "gantry.dev/modelversion";

  /** Hash of what the operator last applied to a child; a different hash means apply again. */
  public static final String DESIRED_HASH = "gantry.dev/desired-hash";

  public static final int HTTP_PORT = 8080;
  public static final int GRPC_PORT = 8081;

  private InferenceServiceNames() {}

  /** The Deployment of the stable version; the HPA scales it. */
  public static String stable(InferenceService isvc) {
    return isvc.getMetadata().getName() + "-predictor";
  }

  /** The Deployment of the version being rolled out. */
  public static String canary(InferenceService isvc) {
    return isvc.getMetadata().getName() + "-canary";
  }

  /** The Service, HPA and PDB share the InferenceService's name. */
  public static String service(InferenceService isvc) {
    return isvc.getMetadata().getName();
  }

  /**
   * Matches the names of the canary's pods (Deployment name, ReplicaSet hash, pod suffix) and not
   * those of an InferenceService whose name merely starts the same way.
   */
  public static String canaryPodRegex(InferenceService isvc) {
    return canary(isvc) + "-[a-z0-9]+-[a-z0-9]+";
  }

  public static String url(InferenceService isvc, String modelName) {
    return "http://"
        + service(isvc)
        + "."
        + isvc.getMetadata().getNamespace()
        + ".svc.cluster.local:"
        + HTTP_PORT
        + "/v2/models/"
        + modelName;
  }

  public static Map<String, String> selector(InferenceService isvc) {
    return Map.of(INFERENCE_SERVICE, isvc.getMetadata().getName());
  }

  public static Map<String, String> labels(InferenceService isvc) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INFERENCE_SERVICE, isvc.getMetadata().getName());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY);
    return labels;
  }
}
