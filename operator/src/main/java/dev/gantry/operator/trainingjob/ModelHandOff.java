package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobStatus;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/** Turns a succeeded job's result into a ModelVersion, once. */
final class ModelHandOff {
  static final String RESULT_UNAVAILABLE = "ResultUnavailable";
  static final String MODEL_VERSION_REJECTED = "ModelVersionRejected";

  private final ModelVersionRegistrar registrar;

  ModelHandOff(KubernetesClient client) {
    this.registrar = new ModelVersionRegistrar(client);
  }

  /** Whether this succeeded job still has to register (or say why it cannot). */
  static boolean pending(TrainingJob trainingJob) {
    if (Boolean.FALSE.equals(trainingJob.getSpec().output.register)) {
      return false;
    }
    TrainingJobStatus status = trainingJob.getStatus();
    return status == null
        || (status.modelVersion == null
            && Conditions.find(status.conditions, TrainingJobStatusCalculator.MODEL_REGISTERED)
                .isEmpty());
  }

  /**
   * The registration outcome, or empty while rank 0's success is not yet in the cache. A bad result
   * is an outcome (ModelRegistered=False), never an exception: retrying cannot fix it.
   */
  Optional<ModelRegistration> register(TrainingJob trainingJob, List<Pod> pods) {
    RankZeroOutput.Lookup lookup = RankZeroOutput.find(pods, trainingJob.getSpec().image);
    return switch (lookup) {
      case RankZeroOutput.NotYetVisible ignored -> Optional.empty();
      case RankZeroOutput.Gone ignored ->
          Optional.of(
              ModelRegistration.failed(
                  RESULT_UNAVAILABLE, "rank 0's pod no longer exists, so its result is lost"));
      case RankZeroOutput.Found found -> Optional.of(registerOutput(trainingJob, found.output()));
    };
  }

  private ModelRegistration registerOutput(TrainingJob trainingJob, RankZeroOutput output) {
    return switch (TrainingResultParser.parse(output.message())) {
      case TrainingResultParser.Invalid invalid ->
          ModelRegistration.failed(invalid.reason(), invalid.message());
      case TrainingResultParser.Valid valid -> {
        try {
          yield ModelRegistration.registered(
              registrar.register(trainingJob, valid.result(), output.image()));
        } catch (KubernetesClientException e) {
          if (e.getCode() == 422 || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
            yield ModelRegistration.failed(
                MODEL_VERSION_REJECTED,
                "the API server rejected the ModelVersion: "
                    + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
          }
          throw e;
        }
      }
    };
  }
}
