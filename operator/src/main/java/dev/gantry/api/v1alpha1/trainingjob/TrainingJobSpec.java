package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.common.ResourceSpec;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;

/** What to train, on how many GPU pods, and where the model goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingJobSpec {
  @JsonPropertyDescription("Training container image, e.g. registry.example.com/team/trainer:1.4.")
  @Required
  @ValidationRule(value = "self.trim() != ''", message = "image must not be empty")
  @Size(max = 512)
  public String image;

  @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
  public ImagePullPolicy imagePullPolicy;

  @JsonPropertyDescription("Entrypoint override for the training container.")
  public List<String> command;

  @JsonPropertyDescription("Arguments for the training container.")
  public List<String> args;

  @JsonPropertyDescription("Extra environment variables for every replica.")
  public List<EnvVar> env;

  @JsonPropertyDescription(
      "Number of pods; each gets RANK (its Job completion index) and WORLD_SIZE.")
  @Default("1")
  @ValidationRule(value = "self >= 1", message = "replicas must be at least 1")
  @ValidationRule(value = "self <= 1024", message = "replicas must be at most 1024")
  public Integer replicas;

  @JsonPropertyDescription("Resources per replica; GPUs as limits, e.g. nvidia.com/gpu: 1.")
  public ResourceSpec resources;

  @JsonPropertyDescription("The training data.")
  public DatasetSpec dataset;

  @JsonPropertyDescription(
      "Hyperparameters, passed to the container as JSON in GANTRY_HYPERPARAMETERS.")
  @Size(max = 64)
  public Map<String, String> hyperparameters;

  @JsonPropertyDescription("Where the trained model goes and under which name it is registered.")
  @Required
  public OutputSpec output;

  @JsonPropertyDescription(
      "Suspends the job: running pods are stopped, and resume when set back to false.")
  @Default("false")
  public Boolean suspend;

  @JsonPropertyDescription("Pod failures tolerated before the job fails (batch/v1 default 6).")
  @ValidationRule(value = "self >= 0", message = "backoffLimit must be 0 or more")
  public Integer backoffLimit;

  @JsonPropertyDescription("Seconds the job may run before it is stopped and marked failed.")
  @ValidationRule(value = "self >= 1", message = "activeDeadlineSeconds must be at least 1")
  public Long activeDeadlineSeconds;

  @JsonPropertyDescription("Seconds after the job finishes before its pods are deleted.")
  @ValidationRule(value = "self >= 0", message = "ttlSecondsAfterFinished must be 0 or more")
  public Integer ttlSecondsAfterFinished;

  @JsonPropertyDescription(
      "Overlay on the generated pods: nodeSelector, tolerations, volumes,"
          + " serviceAccountName, priorityClassName.")
  public PodTemplateOverlay podTemplate;

  @JsonPropertyDescription(
      "Stops jobs whose GPUs sit idle so that waiting work gets them. Unset: the operator's"
          + " cluster-wide default applies.")
  public IdlePolicy idlePolicy;
}
