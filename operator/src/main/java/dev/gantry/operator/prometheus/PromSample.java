package dev.gantry.operator.prometheus;

import java.util.Map;

/** One element of an instant-query result: the series labels and its value. */
public record PromSample(Map<String, String> labels, double value) {

  public PromSample {
    labels = Map.copyOf(labels);
  }

  public String label(String name) {
    return labels.get(name);
  }
}
