package dev.gantry.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Compute resources of one pod, in the shape of core/v1 ResourceRequirements. Bounded maps keep the
 * CEL rules within the API server's cost budget.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// GPU counts are checked for the two common vendor resource names; a map-wide rule over every
// key would exceed the API server's CEL cost budget.
@ValidationRule(
    value =
        "!has(self.limits) || !('nvidia.com/gpu' in self.limits) ||"
            + " (isQuantity(string(self.limits['nvidia.com/gpu'])) &&"
            + " quantity(string(self.limits['nvidia.com/gpu'])).isInteger() &&"
            + " quantity(string(self.limits['nvidia.com/gpu'])).asInteger() >= 0)",
    message = "nvidia.com/gpu must be a whole number of 0 or more")
@ValidationRule(
    value =
        "!has(self.limits) || !('amd.com/gpu' in self.limits) ||"
            + " (isQuantity(string(self.limits['amd.com/gpu'])) &&"
            + " quantity(string(self.limits['amd.com/gpu'])).isInteger() &&"
            + " quantity(string(self.limits['amd.com/gpu'])).asInteger() >= 0)",
    message = "amd.com/gpu must be a whole number of 0 or more")
@ValidationRule(
    value =
        "!has(self.requests) || !('nvidia.com/gpu' in self.requests) || (has(self.limits) &&"
            + " 'nvidia.com/gpu' in self.limits && string(self.requests['nvidia.com/gpu']) =="
            + " string(self.limits['nvidia.com/gpu']))",
    message = "a GPU request must equal its limit; set nvidia.com/gpu under limits only")
public class ResourceSpec {
  @JsonPropertyDescription(
      "Maximum resources per pod, e.g. {cpu: \"8\", memory: 32Gi, nvidia.com/gpu: 1}."
          + " GPUs are set here, as whole numbers.")
  @Size(max = 16)
  public Map<String, Quantity> limits;

  @JsonPropertyDescription("Resources the scheduler reserves per pod; defaults to the limits.")
  @Size(max = 16)
  public Map<String, Quantity> requests;
}
