package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Provenance of a model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelSource {
  @JsonPropertyDescription("The TrainingJob that produced the model.")
  public String trainingJob;

  @JsonPropertyDescription("The training image, by digest (image@sha256:...).")
  public String image;

  @JsonPropertyDescription("Commit of the training code.")
  public String gitCommit;

  @JsonPropertyDescription("Location of the training data.")
  public String datasetUri;

  @JsonPropertyDescription("Version label of the training data.")
  public String datasetVersion;

  @JsonPropertyDescription("sha256 of the training data.")
  public String datasetSha256;

  @JsonPropertyDescription("Hyperparameters of the run.")
  @Size(max = 64)
  public Map<String, String> hyperparameters;
}
