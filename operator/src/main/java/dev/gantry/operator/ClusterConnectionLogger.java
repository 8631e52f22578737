package dev.gantry.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says at startup which cluster the operator talks to, and when it stops. */
@ApplicationScoped
public class ClusterConnectionLogger {
  private static final Logger LOG = Logger.getLogger(ClusterConnectionLogger.class);

  void onStart(@Observes StartupEvent event, KubernetesClient client) {
    try {
      var version = client.getKubernetesVersion();
      LOG.infof(
          "Gantry operator connected to Kubernetes %s at %s",
          version.getGitVersion(), client.getMasterUrl());
    } catch (KubernetesClientException e) {
      LOG.errorf(
          "Gantry operator cannot reach the Kubernetes API server at %s: %s (check KUBECONFIG)",
          client.getMasterUrl(), e.getMessage());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    LOG.info("Gantry operator stopped");
  }
}
