package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** The monitor's latest evaluation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftMonitorStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Collecting, Healthy, Drifted or Failed.")
  public DriftMonitorPhase phase;

  @JsonPropertyDescription("Ready, DriftDetected, RetrainTriggered.")
  public List<Condition> conditions;

  @JsonPropertyDescription("When the last evaluation ran (RFC 3339).")
  public String lastEvaluationTime;

  @JsonPropertyDescription("Live rows in the last evaluation.")
  public Long samples;

  @JsonPropertyDescription("The ModelVersion whose baseline was used.")
  public String baselineModelVersion;

  @JsonPropertyDescription("Per-feature verdicts.")
  public List<FeatureDrift> features;

  @JsonPropertyDescription("Share of features that drifted, as a decimal string.")
  public String driftShare;

  @JsonPropertyDescription("The last retraining started.")
  public LastRetrain lastRetrain;
}
