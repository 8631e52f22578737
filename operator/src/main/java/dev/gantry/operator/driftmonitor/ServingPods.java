package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which serving pods to ask for statistics or a baseline, and where their REST API is. */
public final class ServingPods {
  /** The container port the inference server's REST API is published under. */
  public static final String PORT_NAME = "http";

  /** The inference image's REST port, for pods that do not name it. */
  public static final int DEFAULT_PORT = 8080;

  private ServingPods() {}

  /** A pod to ask: its UID identifies the server's counters across evaluations. */
  public record Endpoint(String podUid, String podName, URI baseUrl) {}

  /** The pods labelled {@code gantry.dev/inferenceservice=<inferenceService>}. */
  public static List<Pod> list(KubernetesClient client, String namespace, String inferenceService) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.INFERENCE_SERVICE, inferenceService)
        .list()
        .getItems();
  }

  /**
   * Ready, not terminating pods with an IP. When {@code modelVersion} is given, pods labelled with
   * another version (a canary) are left out: their inputs are judged against their own baseline.
   */
  public static List<Endpoint> endpoints(List<Pod> pods, String modelVersion) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Pod pod : pods) {
      if (!isReady(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Map<String, String> labels = pod.getMetadata().getLabels();
      String served = labels == null ? null : labels.get(Labels.MODEL_VERSION);
      if (modelVersion != null && served != null && !served.equals(modelVersion)) {
        continue;
      }
      String ip = pod.getStatus().getPodIP();
      String host = ip.contains(":") ? "[" + ip + "]" : ip;
      endpoints.add(
          new Endpoint(
              pod.getMetadata().getUid(),
              pod.getMetadata().getName(),
              URI.create("http://" + host + ":" + port(pod))));
    }
    return endpoints;
  }

  /**
   * The pods that say they serve {@code modelVersion}: label {@code gantry.dev/modelversion}, or
   * the annotation of the same name, which the serving reconciler writes also for names too long
   * for a label.
   */
  public static List<Pod> serving(List<Pod> pods, String modelVersion) {
    return pods.stream()
        .filter(
            p ->
                modelVersion.equals(value(p.getMetadata().getLabels()))
                    || modelVersion.equals(value(p.getMetadata().getAnnotations())))
        .toList();
  }

  private static String value(Map<String, String> labelsOrAnnotations) {
    return labelsOrAnnotations == null ? null : labelsOrAnnotations.get(Labels.MODEL_VERSION);
  }

  /** The container port named {@value #PORT_NAME}, else {@value #DEFAULT_PORT}. */
  static int port(Pod pod) {
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (Container container : pod.getSpec().getContainers()) {
        if (container.getPorts() == null) {
          continue;
        }
        for (ContainerPort port : container.getPorts()) {
          if (PORT_NAME.equals(port.getName()) && port.getContainerPort() != null) {
            return port.getContainerPort();
          }
        }
      }
    }
    return DEFAULT_PORT;
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getPodIP() != null
        && !pod.getStatus().getPodIP().isEmpty()
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
