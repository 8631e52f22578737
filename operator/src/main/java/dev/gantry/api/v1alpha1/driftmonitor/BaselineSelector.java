package dev.gantry.api.v1alpha1.driftmonitor;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The ModelVersion whose training baseline is the reference. */
public class BaselineSelector {
  @JsonPropertyDescription("ModelVersion name, e.g. fraud-7.")
  public String modelVersion;
}
