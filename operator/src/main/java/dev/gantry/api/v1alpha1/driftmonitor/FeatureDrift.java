package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The drift verdict of one feature. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureDrift {
  @JsonPropertyDescription("Feature name.")
  public String name;

  @JsonPropertyDescription("Method used for this feature.")
  public DriftMethod method;

  @JsonPropertyDescription("Score (distance, statistic or p-value), as a decimal string.")
  public String score;

  @JsonPropertyDescription("Threshold it was compared with (after correction).")
  public String threshold;

  @JsonPropertyDescription("Whether the feature drifted.")
  public Boolean drifted;
}
