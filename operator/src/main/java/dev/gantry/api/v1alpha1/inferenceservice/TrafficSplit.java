package dev.gantry.api.v1alpha1.inferenceservice;

/** How traffic is divided between stable and canary. */
public enum TrafficSplit {
  /** Gateway API HTTPRoute weights (exact percentages). */
  GatewayAPI,
  /** The ratio of stable to canary pods behind one Service (approximate). */
  ReplicaRatio
}
