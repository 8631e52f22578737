package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** What the operator found out about a ModelVersion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelVersionStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending, Validating, Ready or Rejected.")
  public ModelVersionPhase phase;

  @JsonPropertyDescription("ArtifactVerified, Validated, AliasConflict, Ready.")
  public List<Condition> conditions;

  @JsonPropertyDescription("Metrics measured by validation (golden set), as decimal strings.")
  public Map<String, String> validationMetrics;

  @JsonPropertyDescription("The validation Job that checked this version.")
  public String validationJob;

  @JsonPropertyDescription("InferenceServices currently serving this version.")
  public List<String> servedBy;
}
