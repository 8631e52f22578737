package dev.gantry.inference.metrics;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.FeatureBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** Live statistics of every bound feature of one model, cumulative since the server started. */
public final class FeatureStatistics {

  private final Optional<BaselineStatistics> baseline;
  private final List<LiveFeature> features;
  private final Instant since = Instant.now();
  private final LongAdder requests = new LongAdder();

  public FeatureStatistics(Optional<BaselineStatistics> baseline, List<FeatureBinding> bindings) {
    this.baseline = baseline;
    this.features = bindings.stream().map(LiveFeature::new).toList();
  }

  public List<LiveFeature> features() {
    return features;
  }

  /** Counts a served request; {@code inputs} are by name. */
  public void record(Map<String, Tensor> inputs) {
    requests.increment();
    for (LiveFeature f : features) {
      Tensor t = inputs.get(f.binding().input());
      if (t != null) {
        f.record(t);
      }
    }
  }

  /** The statistics endpoint's document: baseline and live side by side, per feature. */
  public Map<String, Object> snapshot(String model, String version) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model_name", model);
    doc.put("model_version", version);
    doc.put("since", since.toString());
    doc.put("requests", requests.sum());
    doc.put("baseline_present", baseline.isPresent());
    baseline.ifPresent(b -> doc.put("baseline_row_count", b.rowCount()));
    List<Map<String, Object>> list = new ArrayList<>();
    for (LiveFeature f : features) {
      Map<String, Object> entry = new LinkedHashMap<>();
      var fb = f.binding().feature();
      entry.put("name", fb.name());
      entry.put("type", fb.type() == null ? null : fb.type().name());
      entry.put("input", f.binding().input());
      entry.put("column", f.binding().column());
      entry.put("baseline", fb);
      Map<String, Object> live = new LinkedHashMap<>();
      live.put("count", f.count());
      live.put("missing", f.missing());
      if (f.isNumeric()) {
        live.put("binEdges", fb.binEdges());
        live.put("counts", f.binCounts());
      } else {
        live.put("categories", f.categoryCounts());
      }
      entry.put("live", live);
      list.add(entry);
    }
    doc.put("features", list);
    return doc;
  }
}
