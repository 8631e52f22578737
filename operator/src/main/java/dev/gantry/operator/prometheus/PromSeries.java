package dev.gantry.operator.prometheus;

import java.util.List;
import java.util.Map;

/** One series of a range-query result. */
public record PromSeries(Map<String, String> labels, List<PromPoint> points) {

  public PromSeries {
    labels = Map.copyOf(labels);
    points = List.copyOf(points);
  }
}
