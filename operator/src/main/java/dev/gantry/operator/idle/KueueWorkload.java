package dev.gantry.operator.idle;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Optional;

/**
 * What the reclaimer reads of one Kueue Workload ({@code kueue.x-k8s.io/v1beta2}).
 *
 * @param owner the name of the Job (or other object) Kueue made it for: the waiting work's name
 * @param ownerUid that object's uid, to find the Workload of a Job
 * @param queueName the LocalQueue it was submitted to
 * @param active false once someone deactivated it ({@code spec.active}); Kueue then evicts it
 * @param admittedTo the ClusterQueue whose quota it holds, when it holds some
 * @param waitingForGpuQuota not admitted because a ClusterQueue lacks unused GPU quota
 * @param since when it started waiting (its QuotaReserved condition's last change)
 * @param gpus the GPUs all its pods ask for
 */
public record KueueWorkload(
    String namespace,
    String name,
    String owner,
    String ownerUid,
    String queueName,
    boolean active,
    Optional<String> admittedTo,
    boolean waitingForGpuQuota,
    Instant since,
    int gpus,
    int priority) {

  /** A Workload as the API returns it (JSON). */
  public static KueueWorkload of(JsonNode wl, String gpuResourceName) {
    JsonNode meta = wl.path("metadata");
    JsonNode spec = wl.path("spec");
    JsonNode status = wl.path("status");
    JsonNode owner = controller(meta.path("ownerReferences"));
    Optional<String> admitted =
        Optional.of(status.path("admission").path("clusterQueue").asText(""))
            .filter(s -> !s.isEmpty());
    JsonNode quota = condition(status, "QuotaReserved");
    boolean waiting =
        admitted.isEmpty()
            && "False".equals(quota.path("status").asText())
            && lacksQuota(quota.path("message").asText(""), gpuResourceName);
    String since = quota.path("lastTransitionTime").asText(meta.path("creationTimestamp").asText());
    return new KueueWorkload(
        meta.path("namespace").asText(),
        meta.path("name").asText(),
        owner.isMissingNode() ? meta.path("name").asText() : owner.path("name").asText(),
        owner.path("uid").asText(""),
        spec.path("queueName").asText(""),
        spec.path("active").asBoolean(true),
        admitted,
        waiting,
        since.isEmpty() ? Instant.EPOCH : Instant.parse(since),
        gpus(spec.path("podSets"), gpuResourceName),
        spec.path("priority").asInt(0));
  }

  /**
   * Kueue says why it cannot admit: "couldn't assign flavors to pod set main: insufficient unused
   * quota for nvidia.com/gpu in flavor gpu, 4 more needed". Only a lack of GPU quota is what freed
   * GPU quota can cure; a missing flavor, or a request above the quota itself ("insufficient quota
   * for ..."), is not.
   */
  static boolean lacksQuota(String message, String gpuResourceName) {
    return message.contains("insufficient unused quota for " + gpuResourceName + " ");
  }

  private static int gpus(JsonNode podSets, String gpuResourceName) {
    int total = 0;
    for (JsonNode set : podSets) {
      int perPod = 0;
      for (JsonNode c : set.path("template").path("spec").path("containers")) {
        JsonNode resources = c.path("resources");
        String amount =
            resources
                .path("requests")
                .path(gpuResourceName)
                .asText(resources.path("limits").path(gpuResourceName).asText(""));
        if (!amount.isEmpty()) {
          perPod += new Quantity(amount).getNumericalAmount().intValue();
        }
      }
      total += perPod * set.path("count").asInt(1);
    }
    return total;
  }

  private static JsonNode controller(JsonNode owners) {
    for (JsonNode o : owners) {
      if (o.path("controller").asBoolean(false)) {
        return o;
      }
    }
    return owners.path(0);
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
