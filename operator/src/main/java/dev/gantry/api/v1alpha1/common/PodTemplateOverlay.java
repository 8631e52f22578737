package dev.gantry.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/** Pod settings layered over what Gantry generates: where pods run and what they mount. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PodTemplateOverlay {
  @JsonPropertyDescription("Extra labels for the pods.")
  public Map<String, String> labels;

  @JsonPropertyDescription("Extra annotations for the pods.")
  public Map<String, String> annotations;

  @JsonPropertyDescription("Node labels the pods must match, e.g. a GPU model.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations, e.g. for tainted GPU nodes.")
  public List<Toleration> tolerations;

  @JsonPropertyDescription("Node and pod affinity.")
  public Affinity affinity;

  @JsonPropertyDescription("Volumes added to the pods.")
  public List<Volume> volumes;

  @JsonPropertyDescription("Mounts of those volumes into the main container.")
  public List<VolumeMount> volumeMounts;

  @JsonPropertyDescription("ServiceAccount the pods run as.")
  public String serviceAccountName;

  @JsonPropertyDescription("PriorityClass of the pods (also orders idle-reclaim victims).")
  public String priorityClassName;

  @JsonPropertyDescription(
      "Pod security context. When unset, Gantry applies one that passes the Pod Security"
          + " \"restricted\" profile.")
  public PodSecurityContext securityContext;
}
