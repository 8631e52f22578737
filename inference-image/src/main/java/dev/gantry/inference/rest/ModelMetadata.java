package dev.gantry.inference.rest;

import dev.gantry.inference.engine.ServedModel;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The protocol's model metadata document, from the model's real signature. */
public final class ModelMetadata {

  public static final String PLATFORM = "onnxruntime_onnx";

  private ModelMetadata() {}

  public static Map<String, Object> of(ServedModel m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", m.name());
    doc.put("versions", List.of(m.version()));
    doc.put("platform", PLATFORM);
    doc.put("inputs", tensors(m.model().signature().inputs()));
    doc.put("outputs", tensors(m.model().signature().outputs()));
    return doc;
  }

  private static List<Map<String, Object>> tensors(List<TensorSpec> specs) {
    return specs.stream()
        .map(
            s -> {
              Map<String, Object> t = new LinkedHashMap<>();
              t.put("name", s.name());
              t.put("datatype", s.datatype().name());
              t.put("shape", s.shape());
              return t;
            })
        .toList();
  }
}
