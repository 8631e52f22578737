package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.modelversion.BaselineRef;
import dev.gantry.api.v1alpha1.modelversion.ModelFormat;
import dev.gantry.api.v1alpha1.modelversion.ModelFormatName;
import dev.gantry.api.v1alpha1.modelversion.ModelSource;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.contract.TrainingResult;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Pure builder of the ModelVersion a succeeded TrainingJob registers. */
public final class ModelVersionResources {
  private ModelVersionResources() {}

  public static String name(String modelName, int version) {
    return modelName + "-" + version;
  }

  /**
   * The ModelVersion {@code <modelName>-<version>}. Deliberately not owned by the job: deleting a
   * finished job must keep its model. The label names the job so a restarted operator finds it.
   *
   * @param image the training image, by digest when the pod reported one
   */
  public static ModelVersion modelVersion(
      TrainingJob trainingJob, TrainingResult result, String image, int version) {
    String modelName = trainingJob.getSpec().output.modelName;
    ModelVersion mv = new ModelVersion();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.TRAINING_JOB, trainingJob.getMetadata().getName());
    labels.put(Labels.MODEL_NAME, modelName);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_GANTRY);
    mv.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(modelName, version))
            .withNamespace(trainingJob.getMetadata().getNamespace())
            .withLabels(labels)
            .build());
    ModelVersionSpec spec = new ModelVersionSpec();
    spec.modelName = modelName;
    spec.version = String.valueOf(version);
    spec.storageUri = result.artifactUri();
    spec.sha256 = result.sha256();
    spec.modelFormat = new ModelFormat();
    spec.modelFormat.name = ModelFormatName.onnx;
    if (result.metrics() != null && !result.metrics().isEmpty()) {
      spec.metrics = new TreeMap<>();
      result.metrics().forEach((k, v) -> spec.metrics.put(k, decimal(v)));
    }
    if (result.baselineUri() != null) {
      spec.baseline = new BaselineRef();
      spec.baseline.storageUri = result.baselineUri();
    }
    ModelSource source = new ModelSource();
    source.trainingJob = trainingJob.getMetadata().getName();
    source.image = image;
    if (trainingJob.getSpec().dataset != null) {
      source.datasetUri = trainingJob.getSpec().dataset.storageUri;
      source.datasetVersion = trainingJob.getSpec().dataset.version;
      source.datasetSha256 = trainingJob.getSpec().dataset.sha256;
    }
    source.hyperparameters =
        trainingJob.getSpec().hyperparameters == null
            ? null
            : new TreeMap<>(trainingJob.getSpec().hyperparameters);
    spec.source = source;
    // The gates and golden set the job asks for; the ModelVersion's own copy is what is checked.
    spec.validation = trainingJob.getSpec().output.validation;
    mv.setSpec(spec);
    return mv;
  }

  /** A decimal string as the ModelVersion API wants (no exponent): 0.954, 12, -0.5. */
  static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
