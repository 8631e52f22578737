package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.common.ResourceSpec;
import dev.gantry.api.v1alpha1.trainingjob.DatasetSpec;
import dev.gantry.api.v1alpha1.trainingjob.OutputSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.operator.config.GantryConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/** TrainingJobs and settings for tests, built in code. */
final class TrainingJobs {
  private TrainingJobs() {}

  static GantryConfig.Training settings(String gpuResourceName) {
    return new GantryConfig.Training() {
      @Override
      public String gpuResourceName() {
        return gpuResourceName;
      }

      @Override
      public int masterPort() {
        return 29500;
      }
    };
  }

  static GantryConfig.Training settings() {
    return settings("nvidia.com/gpu");
  }

  /** A job of the given replicas with 1 GPU each, as the API server stores it (defaults set). */
  static TrainingJob trainingJob(String name, int replicas) {
    TrainingJob job = new TrainingJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-a")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    TrainingJobSpec spec = new TrainingJobSpec();
    spec.image = "registry.example.com/team/trainer:1.4";
    spec.replicas = replicas;
    spec.suspend = false;
    spec.resources = new ResourceSpec();
    spec.resources.limits = new LinkedHashMap<>();
    spec.resources.limits.put("nvidia.com/gpu", new Quantity("1"));
    spec.resources.limits.put("cpu", new Quantity("4"));
    spec.dataset = new DatasetSpec();
    spec.dataset.storageUri = "pvc://datasets/fraud/2026-11.csv";
    spec.dataset.version = "2026-11";
    spec.hyperparameters = Map.of("epochs", "20", "learningRate", "0.05");
    spec.output = new OutputSpec();
    spec.output.modelName = "fraud";
    spec.output.storageUri = "pvc://models/fraud";
    spec.output.register = true;
    job.setSpec(spec);
    return job;
  }
}
