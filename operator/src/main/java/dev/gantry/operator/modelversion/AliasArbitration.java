package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds an alias of a model (MLflow's champion/challenger): the oldest ModelVersion of that
 * model in the namespace that lists it, ties broken by name. A newer claimant never takes an alias
 * over silently; it gets an AliasConflict naming the holder until the holder lets go. Pure; the
 * InferenceService resolves {modelName, alias} with {@link #holder} so both agree.
 */
public final class AliasArbitration {
  /** Oldest first; creationTimestamp is RFC 3339 in UTC, so text order is time order. */
  private static final Comparator<ModelVersion> SENIORITY =
      Comparator.comparing(
              (ModelVersion mv) ->
                  Objects.requireNonNullElse(mv.getMetadata().getCreationTimestamp(), "~"))
          .thenComparing(mv -> mv.getMetadata().getName());

  /**
   * Reserved: an InferenceService's {@code modelRef} alias {@code latest} always means the newest
   * validated version, so no ModelVersion may carry it.
   */
  public static final String LATEST = "latest";

  private AliasArbitration() {}

  /** The ModelVersion that holds {@code alias} of {@code modelName} among {@code versions}. */
  public static Optional<ModelVersion> holder(
      Collection<ModelVersion> versions, String modelName, String alias) {
    return versions.stream()
        .filter(mv -> mv.getSpec() != null && modelName.equals(mv.getSpec().modelName))
        .filter(mv -> mv.getSpec().aliases != null && mv.getSpec().aliases.contains(alias))
        .min(SENIORITY);
  }

  /**
   * The aliases {@code version} lists but another version holds, as messages naming the holder.
   *
   * @param namespaceVersions the ModelVersions of the namespace (any model; {@code version} may be
   *     among them)
   */
  public static List<String> conflicts(
      ModelVersion version, Collection<ModelVersion> namespaceVersions) {
    List<String> conflicts = new ArrayList<>();
    if (version.getSpec().aliases == null) {
      return conflicts;
    }
    List<ModelVersion> all = new ArrayList<>(namespaceVersions);
    all.removeIf(mv -> mv.getMetadata().getName().equals(version.getMetadata().getName()));
    all.add(version);
    for (String alias : new LinkedHashSet<>(version.getSpec().aliases)) {
      holder(all, version.getSpec().modelName, alias)
          .filter(h -> !h.getMetadata().getName().equals(version.getMetadata().getName()))
          .ifPresent(
              h ->
                  conflicts.add(
                      "alias "
                          + alias
                          + " of model "
                          + version.getSpec().modelName
                          + " is held by "
                          + h.getMetadata().getName()
                          + "; remove it there to move it here"));
    }
    return conflicts;
  }
}
