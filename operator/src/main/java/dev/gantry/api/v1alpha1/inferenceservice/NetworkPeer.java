package dev.gantry.api.v1alpha1.inferenceservice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Who may connect: a NetworkPolicy peer, in the shape of a NetworkPolicy's {@code from} entry so
 * that one can be copied from the other. The rules refuse what the API server would refuse on the
 * NetworkPolicy, so the mistake shows on the InferenceService.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.podSelector) || has(self.namespaceSelector) || has(self.ipBlock)",
    message =
        "a peer needs podSelector, namespaceSelector or ipBlock"
            + " (podSelector: {} means every pod of this namespace)")
@ValidationRule(
    value = "!has(self.ipBlock) || (!has(self.podSelector) && !has(self.namespaceSelector))",
    message = "a peer with ipBlock must not also set podSelector or namespaceSelector")
public class NetworkPeer {
  @JsonPropertyDescription(
      "Pods by label; alone, pods of the InferenceService's namespace; with namespaceSelector,"
          + " pods of the selected namespaces. {} selects every pod.")
  public LabelSelector podSelector;

  @JsonPropertyDescription(
      "Namespaces by label, e.g. {matchLabels: {kubernetes.io/metadata.name: payments}}; alone,"
          + " every pod of them. {} selects every namespace.")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "An IP range, for callers outside the cluster's pod network (a load balancer's subnet)."
          + " Pod IPs are better matched by selectors.")
  public IpBlock ipBlock;
}
