package dev.gantry.operator.trainingjob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.operator.common.Labels;
import dev.gantry.operator.common.StorageUris;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The environment of every training pod: the training contract plus PyTorch rendezvous. */
final class TrainingPodEnv {
  static final String PET_NNODES = "PET_NNODES";
  static final String PET_NODE_RANK = "PET_NODE_RANK";
  static final String PET_MASTER_ADDR = "PET_MASTER_ADDR";
  static final String PET_MASTER_PORT = "PET_MASTER_PORT";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingPodEnv() {}

  /**
   * Gantry's variables followed by the user's; a variable the user sets replaces Gantry's, so no
   * name appears twice.
   */
  static List<EnvVar> of(TrainingJob job, int masterPort) {
    TrainingJobSpec spec = job.getSpec();
    List<EnvVar> userEnv = spec.env == null ? List.of() : spec.env;
    Set<String> userNames = userEnv.stream().map(EnvVar::getName).collect(Collectors.toSet());

    List<EnvVar> env = new ArrayList<>();
    String name = job.getMetadata().getName();
    int replicas = TrainingJobResources.replicas(job);
    String masterAddr = replicas > 1 ? rank0Address(job) : "localhost";
    env.add(value(TrainingEnv.TRAINING_JOB, name));
    env.add(value(TrainingEnv.MODEL_NAME, spec.output.modelName));
    env.add(value(TrainingEnv.OUTPUT_URI, outputUri(job)));
    if (spec.dataset != null) {
      env.add(value(TrainingEnv.DATASET_URI, spec.dataset.storageUri));
      if (spec.dataset.version != null) {
        env.add(value(TrainingEnv.DATASET_VERSION, spec.dataset.version));
      }
      if (spec.dataset.sha256 != null) {
        env.add(value(TrainingEnv.DATASET_SHA256, spec.dataset.sha256));
      }
    }
    env.add(value(TrainingEnv.HYPERPARAMETERS, hyperparametersJson(spec)));
    env.add(completionIndex(TrainingEnv.RANK));
    env.add(value(TrainingEnv.WORLD_SIZE, String.valueOf(replicas)));
    env.add(value(TrainingEnv.MASTER_ADDR, masterAddr));
    env.add(value(TrainingEnv.MASTER_PORT, String.valueOf(masterPort)));
    env.add(value(PET_NNODES, String.valueOf(replicas)));
    env.add(completionIndex(PET_NODE_RANK));
    env.add(value(PET_MASTER_ADDR, masterAddr));
    env.add(value(PET_MASTER_PORT, String.valueOf(masterPort)));
    env.removeIf(e -> userNames.contains(e.getName()));
    env.addAll(userEnv);
    return env;
  }

  /**
   * A per-run directory under spec.output.storageUri, so reruns never overwrite each other's model:
   * {@code <storageUri>/<trainingjob>}.
   */
  static String outputUri(TrainingJob job) {
    return StorageUris.child(job.getSpec().output.storageUri, job.getMetadata().getName());
  }

  /** Pod 0's stable DNS name: Indexed Job pods are {@code <job>-<index>.<service>}. */
  static String rank0Address(TrainingJob job) {
    return TrainingJobResources.jobName(job) + "-0." + TrainingJobResources.serviceName(job);
  }

  static String hyperparametersJson(TrainingJobSpec spec) {
    try {
      // Sorted, so the pod template is the same on every build.
      return JSON.writeValueAsString(
          spec.hyperparameters == null ? new TreeMap<>() : new TreeMap<>(spec.hyperparameters));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /** The Job controller writes the completion index into this annotation of every pod. */
  private static EnvVar completionIndex(String name) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.annotations['" + Labels.JOB_COMPLETION_INDEX + "']")
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
