package dev.gantry.api.v1alpha1.trainingjob;

/** core/v1 image pull policies. */
public enum ImagePullPolicy {
  Always,
  IfNotPresent,
  Never
}
