package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Gates a model must pass, on its training metrics and on a golden set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValidationSpec {
  @JsonPropertyDescription("Metric bounds, e.g. [{metric: auc, min: \"0.90\"}].")
  @Size(max = 32)
  public List<ValidationGate> gates;

  @JsonPropertyDescription("Labelled rows the model is run on before it may serve.")
  public GoldenSet goldenSet;
}
