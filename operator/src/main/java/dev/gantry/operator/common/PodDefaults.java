package dev.gantry.operator.common;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.List;
import java.util.Optional;

/**
 * What every pod the operator creates shares: the Pod Security "restricted" profile, and Jobs that
 * do not count evictions against their retries.
 */
public final class PodDefaults {

  private PodDefaults() {}

  /** The pod half of the Pod Security "restricted" profile. */
  public static PodSecurityContext restrictedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /**
   * The container half of the Pod Security "restricted" profile, for a user's image: the pod-level
   * settings (non-root, seccomp) stay the user's to override.
   */
  public static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * The whole restricted profile on the container, with a read-only root filesystem, for Gantry's
   * own inference image (non-root, writes only to its work dir): it holds whatever the pod-level
   * context says.
   */
  public static SecurityContext restrictedReadOnlyContainer() {
    return new SecurityContextBuilder(restrictedContainer())
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** A Job pod failure rule: evictions and preemptions (DisruptionTarget) are not failures. */
  public static PodFailurePolicyRule ignoreDisruptions() {
    return new PodFailurePolicyRuleBuilder()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .build();
  }

  /**
   * The keys of an optional Secret as the container's environment (storage credentials), or null
   * when none is configured; a namespace without the Secret runs without it.
   */
  public static List<EnvFromSource> optionalSecretEnv(Optional<String> secret) {
    return secret
        .map(
            name ->
                List.of(
                    new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(name)
                        .withOptional(true)
                        .endSecretRef()
                        .build()))
        .orElse(null);
  }
}
