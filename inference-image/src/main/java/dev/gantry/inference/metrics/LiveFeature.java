package dev.gantry.inference.metrics;

import dev.gantry.contract.Bins;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.CategoryKeys;
import dev.gantry.inference.validation.FeatureBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative live counts of one feature: numeric values binned on the baseline's edges with the
 * shared rule ({@link Bins#indexOf}), categorical values counted per baseline category. Values of
 * categories the baseline never saw are counted under {@link #OTHER} so that cardinality stays
 * bounded.
 */
public final class LiveFeature {

  public static final String OTHER = "__other__";

  private final FeatureBinding binding;
  private final AtomicLongArray bins;
  private final Map<String, LongAdder> categories = new ConcurrentHashMap<>();
  private final LongAdder missing = new LongAdder();
  private final LongAdder count = new LongAdder();

  public LiveFeature(FeatureBinding binding) {
    this.binding = binding;
    FeatureBaseline f = binding.feature();
    boolean numeric = f.type() != FeatureType.CATEGORICAL && f.binEdges() != null;
    this.bins = new AtomicLongArray(numeric ? f.binEdges().size() - 1 : 0);
    if (f.categories() != null) {
      f.categories().keySet().forEach(k -> categories.put(k, new LongAdder()));
    }
    categories.put(OTHER, new LongAdder());
  }

  public FeatureBinding binding() {
    return binding;
  }

  public boolean isNumeric() {
    return bins.length() > 0;
  }

  /** Counts this feature's values in {@code t}, the input it is bound to. */
  public void record(Tensor t) {
    int rows = binding.rows(t.length());
    List<Double> edges = binding.feature().binEdges();
    for (int r = 0; r < rows; r++) {
      int index = binding.index(r);
      if (isNumeric()) {
        int bin = Bins.indexOf(edges, t.valueAt(index));
        if (bin < 0) {
          missing.increment();
        } else {
          bins.incrementAndGet(bin);
        }
      } else {
        String key = CategoryKeys.of(t, index);
        if (key == null) {
          missing.increment();
        } else {
          LongAdder counter = categories.get(key);
          (counter != null ? counter : categories.get(OTHER)).increment();
        }
      }
    }
    count.add(rows);
  }

  public long[] binCounts() {
    long[] out = new long[bins.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bins.get(i);
    }
    return out;
  }

  public long binCount(int bin) {
    return bins.get(bin);
  }

  public Map<String, Long> categoryCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    categories.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long categoryCount(String category) {
    LongAdder c = categories.get(category);
    return c == null ? 0 : c.sum();
  }

  public long missing() {
    return missing.sum();
  }

  public long count() {
    return count.sum();
  }
}
