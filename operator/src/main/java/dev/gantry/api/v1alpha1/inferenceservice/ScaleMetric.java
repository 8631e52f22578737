package dev.gantry.api.v1alpha1.inferenceservice;

/** Resource metrics the HorizontalPodAutoscaler can scale on. */
public enum ScaleMetric {
  cpu,
  memory
}
