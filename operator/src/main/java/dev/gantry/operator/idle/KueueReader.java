package dev.gantry.operator.idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Reads Kueue's Workloads and queues for a pass, and turns a Workload on or off. Kueue's served
 * version {@code v1beta2} only (v1beta1 needs Kueue's conversion webhook); when Kueue is not
 * installed, or RBAC denies the read, the pass goes on without it.
 */
final class KueueReader {
  static final String GROUP = "kueue.x-k8s.io";
  static final String API_VERSION = GROUP + "/v1beta2";
  private static final Logger LOG = Logger.getLogger(KueueReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private boolean warned;

  KueueReader(KubernetesClient client) {
    this.client = client;
  }

  boolean installed() {
    try {
      return client.getApiGroup(GROUP) != null;
    } catch (KubernetesClientException e) {
      LOG.debugf("API discovery failed: %s", e.getMessage());
      return false;
    }
  }

  /** One list per kind and pass; Kueue absent (its Workload kind not served: 404) reads as none. */
  KueueView read(String gpuResourceName) {
    try {
      List<KueueWorkload> workloads =
          list("Workload").stream().map(w -> KueueWorkload.of(w, gpuResourceName)).toList();
      Map<String, String> localQueues = new HashMap<>();
      for (JsonNode lq : list("LocalQueue")) {
        localQueues.put(
            lq.path("metadata").path("namespace").asText()
                + "/"
                + lq.path("metadata").path("name").asText(),
            lq.path("spec").path("clusterQueue").asText());
      }
      Map<String, String> cohorts = new HashMap<>();
      for (JsonNode cq : list("ClusterQueue")) {
        String cohort = cq.path("spec").path("cohortName").asText("");
        if (!cohort.isEmpty()) {
          cohorts.put(cq.path("metadata").path("name").asText(), cohort);
        }
      }
      warned = false;
      return new KueueView(workloads, localQueues, cohorts);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return KueueView.NONE;
      }
      if (!warned) {
        LOG.warnf(
            "Kueue is installed but its Workloads and queues cannot be read (%d: %s); work that"
                + " waits for Kueue quota is not counted",
            e.getCode(), e.getMessage());
        warned = true;
      }
      return KueueView.NONE;
    }
  }

  /**
   * Kueue's own way to stop an admitted job: a deactivated Workload is evicted, its Job suspended
   * and its quota released; reactivated, it queues again. (Suspending the Job itself does not hold:
   * Kueue unsuspends a Job whose Workload is still admitted.)
   */
  void setActive(KueueWorkload workload, boolean active) {
    client
        .genericKubernetesResources(API_VERSION, "Workload")
        .inNamespace(workload.namespace())
        .withName(workload.name())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"active\":" + active + "}}");
  }

  private List<JsonNode> list(String kind) {
    List<GenericKubernetesResource> items =
        client.genericKubernetesResources(API_VERSION, kind).inAnyNamespace().list().getItems();
    return items.stream().map(i -> (JsonNode) JSON.valueToTree(i)).toList();
  }
}
