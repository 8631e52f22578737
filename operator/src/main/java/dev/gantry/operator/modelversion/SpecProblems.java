package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the API server cannot check on a ModelVersion (CEL over map values and list items exceeds
 * its cost budget, see docs/api.md): metric values and alias formats. Pure.
 */
public final class SpecProblems {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private SpecProblems() {}

  /** Metrics whose values are not decimals; such a spec cannot be gated. */
  public static List<String> metrics(ModelVersionSpec spec) {
    List<String> problems = new ArrayList<>();
    Map<String, String> metrics = spec.metrics == null ? Map.of() : spec.metrics;
    metrics.forEach(
        (name, value) -> {
          if (Decimals.parse(value).isEmpty()) {
            problems.add("metric " + name + " is \"" + value + "\", not a decimal such as 0.93");
          }
        });
    return problems;
  }

  /** Aliases that are not DNS labels (at most 63 characters) or are listed twice. */
  public static List<String> aliases(ModelVersionSpec spec) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String alias : spec.aliases == null ? List.<String>of() : spec.aliases) {
      if (alias == null || alias.length() > 63 || !DNS_LABEL.matcher(alias).matches()) {
        problems.add(
            "alias \"" + alias + "\" must be a lowercase DNS label (letters, digits, '-')");
      } else if (alias.equals(AliasArbitration.LATEST)) {
        problems.add(
            "alias latest is reserved: an InferenceService's modelRef alias latest always means"
                + " the newest validated version");
      } else if (!seen.add(alias)) {
        problems.add("alias " + alias + " is listed twice");
      }
    }
    return problems;
  }
}
