package dev.gantry.operator.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the API server answers and every Gantry CRD is installed: without them the
 * operator can do nothing, and the reason belongs where an admin looks first.
 */
@Readiness
@ApplicationScoped
public class CrdsInstalledCheck implements HealthCheck {
  private static final String NAME = "gantry-crds";
  private final KubernetesClient client;

  public CrdsInstalledCheck(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      Set<String> installed =
          GantryCrds.names().stream()
              .map(name -> client.apiextensions().v1().customResourceDefinitions().withName(name))
              .map(resource -> resource.get())
              .filter(Objects::nonNull)
              .map(crd -> crd.getMetadata().getName())
              .collect(Collectors.toSet());
      List<String> missing = GantryCrds.missing(installed);
      if (missing.isEmpty()) {
        return HealthCheckResponse.named(NAME).up().withData("crds", installed.size()).build();
      }
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("missing", String.join(", ", missing))
          .withData("fix", "install them: kubectl apply --server-side -f crds/ (or the Helm chart)")
          .build();
    } catch (KubernetesClientException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("error", "Kubernetes API server unreachable: " + e.getMessage())
          .build();
    }
  }
}
