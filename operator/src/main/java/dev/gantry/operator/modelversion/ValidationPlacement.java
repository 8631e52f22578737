package dev.gantry.operator.modelversion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Where validation pods run: a cluster admin's choice (chart value {@code validation.placement}),
 * since ModelVersions are often registered by TrainingJobs rather than written by hand. Empty:
 * wherever the scheduler puts them.
 */
public record ValidationPlacement(
    Map<String, String> nodeSelector, List<Toleration> tolerations, Affinity affinity) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static final ValidationPlacement ANYWHERE = new ValidationPlacement(null, null, null);

  /**
   * Parses {@code {"nodeSelector": {...}, "tolerations": [...], "affinity": {...}}}; blank is
   * {@link #ANYWHERE}.
   *
   * @throws IllegalArgumentException naming the setting and what is wrong with it
   */
  public static ValidationPlacement parse(String json) {
    if (json == null || json.isBlank()) {
      return ANYWHERE;
    }
    try {
      return JSON.readValue(json, ValidationPlacement.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "gantry.validation.placement (chart value validation.placement) is not a placement"
              + " {nodeSelector, tolerations, affinity}: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
