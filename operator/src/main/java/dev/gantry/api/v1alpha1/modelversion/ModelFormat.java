package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The artifact's format. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelFormat {
  @JsonPropertyDescription("Format name; onnx is what the Gantry inference image serves.")
  @Default("onnx")
  public ModelFormatName name;

  @JsonPropertyDescription("Format version, e.g. the ONNX opset.")
  public String version;
}
