package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One key of a Secret in the same namespace. */
public class SecretKeyRef {
  @JsonPropertyDescription("Name of the Secret, e.g. fraud-api-token.")
  @Required
  @Size(max = 253)
  @ValidationRule(value = "size(self) > 0", message = "tokenSecretRef.name must not be empty")
  @ValidationRule(
      value =
          "size(self) == 0 || self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')",
      message =
          "tokenSecretRef.name must be a Secret name: lowercase letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit")
  public String name;

  @JsonPropertyDescription("The key of the Secret that holds the token.")
  @Default("token")
  @Size(max = 253)
  @ValidationRule(
      value = "self.matches('^[-._a-zA-Z0-9]+$')",
      message = "tokenSecretRef.key must be a Secret key: letters, digits, '-', '_' and '.'")
  public String key;
}
