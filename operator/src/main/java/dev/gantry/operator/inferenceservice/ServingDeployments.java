package dev.gantry.operator.inferenceservice;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Objects;
import java.util.Optional;

/**
 * Readings of the observed Deployments: which version they run, whether it is fully rolled out and
 * ready, and the replica-ratio traffic split.
 */
public final class ServingDeployments {
  private ServingDeployments() {}

  /** The ModelVersion a Deployment's pod template serves. */
  public static Optional<String> version(Deployment deployment) {
    if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(deployment.getSpec().getTemplate().getMetadata())
        .map(m -> m.getAnnotations())
        .map(l -> l.get(InferenceServiceNames.MODEL_VERSION));
  }

  /**
   * Whether the Deployment runs {@code version} on all of its replicas, each ready: the Deployment
   * controller has seen the latest spec and no pod of an older template is left.
   */
  public static boolean readyAt(Optional<Deployment> observed, String version) {
    if (observed.isEmpty() || version == null) {
      return false;
    }
    Deployment d = observed.get();
    if (!version(d).filter(version::equals).isPresent() || d.getStatus() == null) {
      return false;
    }
    int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Long generation = d.getMetadata().getGeneration();
    Long seen = d.getStatus().getObservedGeneration();
    return wanted >= 1
        && seen != null
        && (generation == null || seen >= generation)
        && orZero(d.getStatus().getUpdatedReplicas()) >= wanted
        && orZero(d.getStatus().getReadyReplicas()) >= wanted
        && orZero(d.getStatus().getReplicas()) == orZero(d.getStatus().getUpdatedReplicas());
  }

  public static int readyReplicas(Optional<Deployment> observed) {
    return observed
        .map(d -> d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()))
        .orElse(0);
  }

  public static String replicaSummary(Optional<Deployment> observed) {
    return observed
        .map(
            d ->
                readyReplicas(observed)
                    + "/"
                    + Objects.requireNonNullElse(d.getSpec().getReplicas(), 1)
                    + " replicas ready")
        .orElse("no Deployment yet");
  }

  /**
   * Canary pods for {@code percent} of traffic beside {@code stableReplicas} stable pods, when one
   * Service balances over both: c / (c + s) ≈ percent. At least one pod, at most maxReplicas.
   */
  public static int canaryReplicas(int percent, int stableReplicas, int maxReplicas) {
    int stable = Math.max(1, stableReplicas);
    int replicas =
        percent >= 100 ? stable : (int) Math.round(stable * percent / (double) (100 - percent));
    return Math.max(1, Math.min(replicas, Math.max(1, maxReplicas)));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
