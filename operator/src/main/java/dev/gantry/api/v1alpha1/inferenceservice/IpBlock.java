package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** An IP range in CIDR notation, minus some sub-ranges. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpBlock {
  static final String CIDR_RULE = "self.matches('^[0-9a-fA-F:.]+/[0-9]{1,3}$')";

  @JsonPropertyDescription("The range, e.g. 10.20.0.0/16 or 2001:db8::/32.")
  @Required
  @Size(max = 43)
  @ValidationRule(
      value = CIDR_RULE,
      message = "ipBlock.cidr must be an IP range such as 10.0.0.0/8 or 2001:db8::/32")
  public String cidr;

  @JsonPropertyDescription("Sub-ranges of cidr that are not let in.")
  @Size(max = 16)
  public List<String> except;
}
