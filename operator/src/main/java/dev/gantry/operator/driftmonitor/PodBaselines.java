package dev.gantry.operator.driftmonitor;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the ready serving pods of a ModelVersion for the baseline they loaded ({@code GET
 * /v2/models/{name}/baseline}), for baselines the operator cannot read itself. Only pods labelled
 * with the InferenceService that say they serve that ModelVersion ({@link ServingPods#serving}) are
 * asked, and their answer must name the same model version and baseline URI ({@link
 * BaselineAnswer}).
 */
public final class PodBaselines {
  private final ServingPodHttp http;

  public PodBaselines(ServingPodHttp http) {
    this.http = http;
  }

  /** No pod could be asked, or none answered; the message names each pod's failure. */
  public static final class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message);
    }
  }

  BaselineStatistics fetch(
      KubernetesClient client, String namespace, String inferenceService, ModelVersion version)
      throws Unavailable {
    String versionName = version.getMetadata().getName();
    String path = ServingPodHttp.modelPath(version.getSpec().modelName, "baseline");
    List<Pod> pods = ServingPods.list(client, namespace, inferenceService);
    List<ServingPods.Endpoint> endpoints =
        ServingPods.endpoints(ServingPods.serving(pods, versionName), versionName);
    if (endpoints.isEmpty()) {
      throw new Unavailable(
          "no ready pod labelled "
              + Labels.INFERENCE_SERVICE
              + "="
              + inferenceService
              + " serves "
              + versionName
              + " ("
              + Labels.MODEL_VERSION
              + ") to ask for "
              + path);
    }
    BaselineAnswer.Expected expected =
        new BaselineAnswer.Expected(
            version.getSpec().version, version.getSpec().baseline.storageUri);
    List<String> failures = new ArrayList<>();
    for (ServingPods.Endpoint endpoint : endpoints) {
      URI uri = endpoint.baseUrl().resolve(path);
      try {
        HttpResponse<String> response = http.get(uri);
        return BaselineAnswer.parse(
            response.statusCode(),
            name -> response.headers().firstValue(name),
            response.body(),
            expected);
      } catch (IOException | IllegalArgumentException e) {
        failures.add(
            endpoint.podName()
                + ": "
                + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(endpoint.podName() + ": interrupted");
        break;
      }
    }
    throw new Unavailable(
        "no ready serving pod answered " + path + ": " + String.join("; ", failures));
  }
}
