package dev.gantry.operator.batchprediction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps a step pod, and the report in its termination message, until status has recorded it.
 *
 * <p>A batch's counts come from its pods' termination messages. A pod deleted right after it ended
 * (by a person, a drain, or a kill that came too late) would take its report with it, and the batch
 * would end with rows it cannot count. So the pod template carries this finalizer, as Argo
 * Workflows does with its pod status finalizer, and the operator removes it once the status it has
 * written already says what the pod says, or once the batch is finished or deleted.
 */
final class ReportFinalizer {
  static final String NAME = "gantry.dev/batch-report";
  private static final Logger LOG = Logger.getLogger(ReportFinalizer.class);

  private ReportFinalizer() {}

  static boolean holds(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(NAME);
  }

  /**
   * The pods whose finalizer can go.
   *
   * @param recorded whether the stored status equals the one calculated from these pods, so every
   *     ended pod's report is already in it
   * @param done whether nothing more will be read from any pod (batch finished or deleted)
   */
  static List<Pod> releasable(Collection<Pod> pods, boolean recorded, boolean done) {
    return pods.stream()
        .filter(ReportFinalizer::holds)
        .filter(p -> done || (recorded && !StepReports.active(p)))
        .toList();
  }

  /**
   * A JSON patch removing the finalizer at the index it has now; the test op makes it fail (422)
   * instead of removing another finalizer when the list changed meanwhile (the Job controller
   * removes its own tracking finalizer at about the same time).
   */
  static String removal(Pod pod) {
    int index = pod.getMetadata().getFinalizers().indexOf(NAME);
    String path = "/metadata/finalizers/" + index;
    return "[{\"op\":\"test\",\"path\":\""
        + path
        + "\",\"value\":\""
        + NAME
        + "\"},{\"op\":\"remove\",\"path\":\""
        + path
        + "\"}]";
  }

  /** Removes the finalizer from each pod; a pod gone or changed meanwhile is left to next time. */
  static int release(KubernetesClient client, Collection<Pod> pods) {
    int released = 0;
    for (Pod pod : pods) {
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON), removal(pod));
        released++;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 422 && e.getCode() != 409) {
          throw e;
        }
        LOG.infof(
            "pod %s changed before its report finalizer was removed (%d); next reconcile retries",
            pod.getMetadata().getName(), e.getCode());
      }
    }
    return released;
  }
}
