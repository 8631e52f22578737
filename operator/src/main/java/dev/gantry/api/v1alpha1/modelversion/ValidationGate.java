package dev.gantry.api.v1alpha1.modelversion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One bound on one metric. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.min) || has(self.max)", message = "a gate needs min, max or both")
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || double(self.min) <= double(self.max)",
    message = "a gate's min must not exceed its max")
public class ValidationGate {
  @JsonPropertyDescription("Metric name, e.g. auc, accuracy, loss.")
  @Required
  public String metric;

  @JsonPropertyDescription("Lowest acceptable value, as a decimal string.")
  @ValidationRule(value = Rules.DECIMAL_RULE, message = "min must be a decimal number")
  @Size(max = 64)
  public String min;

  @JsonPropertyDescription("Highest acceptable value, as a decimal string.")
  @ValidationRule(value = Rules.DECIMAL_RULE, message = "max must be a decimal number")
  @Size(max = 64)
  public String max;
}
