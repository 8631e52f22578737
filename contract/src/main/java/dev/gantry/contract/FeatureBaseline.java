package dev.gantry.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Training statistics of one feature.
 *
 * <p>Numeric features carry quantile {@code binEdges} (n+1 ascending values, first = min, last =
 * max) and {@code counts} (n values). The outer bins are open-ended so live values outside the
 * training range still land somewhere: see {@link Bins#indexOf}. Categorical features carry {@code
 * categories}, the count of each value seen in training.
 *
 * @param name feature (model input column) name
 * @param type NUMERIC or CATEGORICAL
 * @param binEdges quantile bin edges, numeric only
 * @param counts rows per bin, numeric only
 * @param categories rows per category value, categorical only
 * @param missing rows where the value was missing or not a number
 * @param mean mean of the numeric values
 * @param stddev population standard deviation of the numeric values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBaseline(
    String name,
    FeatureType type,
    List<Double> binEdges,
    List<Long> counts,
    Map<String, Long> categories,
    long missing,
    Double mean,
    Double stddev) {

  public enum FeatureType {
    NUMERIC,
    CATEGORICAL
  }
}
