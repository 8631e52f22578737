package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which ModelVersions an InferenceService serves, by the contract with the InferenceService
 * reconciler: its status.modelVersion (stable) and status.canary.modelVersion (being rolled out),
 * both in its own namespace. Pure.
 */
public final class ServingReferences {
  private ServingReferences() {}

  /** The ModelVersion names {@code service} serves now. */
  public static Set<String> servedVersions(InferenceService service) {
    Set<String> names = new LinkedHashSet<>();
    var status = service.getStatus();
    if (status != null) {
      if (status.modelVersion != null) {
        names.add(status.modelVersion);
      }
      if (status.canary != null && status.canary.modelVersion != null) {
        names.add(status.canary.modelVersion);
      }
    }
    return names;
  }

  /** The names of the InferenceServices among {@code services} that serve {@code version}. */
  public static List<String> servingServices(
      String namespace, String version, Collection<InferenceService> services) {
    return services.stream()
        .filter(s -> Objects.equals(namespace, s.getMetadata().getNamespace()))
        .filter(s -> servedVersions(s).contains(version))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }
}
