package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.contract.TrainingResult;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/**
 * Creates the ModelVersion of a succeeded job under the next free version number of its model. Runs
 * once per job, so its list calls do not count against the per-reconcile budget.
 */
final class ModelVersionRegistrar {
  /** Other writers may take numbers between our list and our create; try a few more. */
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;

  ModelVersionRegistrar(KubernetesClient client) {
    this.client = client;
  }

  /** Registers the result and returns the ModelVersion's name. */
  String register(TrainingJob trainingJob, TrainingResult result, String image) {
    String namespace = trainingJob.getMetadata().getNamespace();
    // A ModelVersion this job already registered (before an operator restart) is the answer.
    Optional<ModelVersion> existing =
        client
            .resources(ModelVersion.class)
            .inNamespace(namespace)
            .withLabel(Labels.TRAINING_JOB, trainingJob.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(mv -> mv.getSpec() != null && mv.getSpec().source != null)
            .filter(
                mv -> trainingJob.getMetadata().getName().equals(mv.getSpec().source.trainingJob))
            .findFirst();
    if (existing.isPresent()) {
      return existing.get().getMetadata().getName();
    }
    String modelName = trainingJob.getSpec().output.modelName;
    int next = highestVersion(namespace, modelName) + 1;
    for (int attempt = 0; ; attempt++) {
      ModelVersion mv = ModelVersionResources.modelVersion(trainingJob, result, image, next);
      try {
        client.resource(mv).create();
        return mv.getMetadata().getName();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS - 1) {
          throw e;
        }
        next++;
      }
    }
  }

  private int highestVersion(String namespace, String modelName) {
    List<ModelVersion> versions =
        client.resources(ModelVersion.class).inNamespace(namespace).list().getItems();
    return versions.stream()
        .filter(mv -> mv.getSpec() != null && modelName.equals(mv.getSpec().modelName))
        .map(mv -> mv.getSpec().version)
        .filter(v -> v != null && v.matches("[0-9]{1,9}"))
        .mapToInt(Integer::parseInt)
        .max()
        .orElse(0);
  }
}
