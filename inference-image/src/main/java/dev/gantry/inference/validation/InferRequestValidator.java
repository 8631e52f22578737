package dev.gantry.inference.validation;

import dev.gantry.contract.FeatureBaseline;
import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request against the model before it can reach ONNX Runtime or a batch: input names,
 * datatypes, shapes and element counts always (the model cannot run otherwise); NaN/Inf per the
 * non-finite policy; and, with a baseline, value ranges per the validation mode. Every refusal
 * names the input and the problem.
 */
public final class InferRequestValidator {

  private final ModelSignature signature;
  private final List<FeatureBinding> features;
  private final ValidationMode mode;
  private final NonFinitePolicy nonFinite;
  private final double rangeMargin;

  public InferRequestValidator(
      ModelSignature signature,
      List<FeatureBinding> features,
      ValidationMode mode,
      NonFinitePolicy nonFinite,
      double rangeMargin) {
    this.signature = signature;
    this.features = features;
    this.mode = mode;
    this.nonFinite = nonFinite;
    this.rangeMargin = rangeMargin;
  }

  public ValidatedRequest validate(InferRequest request) {
    Map<String, Tensor> byName = new HashMap<>();
    for (Tensor t : request.inputs()) {
      if (signature.input(t.name()).isEmpty()) {
        throw InferenceException.invalid(
            "input '"
                + t.name()
                + "' is not an input of the model (inputs: "
                + signature.inputs().stream().map(TensorSpec::name).toList()
                + ")");
      }
      if (byName.put(t.name(), t) != null) {
        throw InferenceException.invalid("input '" + t.name() + "' is given more than once");
      }
    }
    List<Tensor> ordered = new ArrayList<>(signature.inputs().size());
    long rows = -1;
    String rowsFrom = null;
    for (TensorSpec spec : signature.inputs()) {
      Tensor t = byName.get(spec.name());
      if (t == null) {
        throw InferenceException.invalid("input '" + spec.name() + "' is missing");
      }
      checkStructure(spec, t);
      if (nonFinite == NonFinitePolicy.Reject) {
        checkFinite(t);
      }
      if (spec.hasDynamicBatch()) {
        if (rows >= 0 && t.shape()[0] != rows) {
          throw InferenceException.invalid(
              "input '"
                  + t.name()
                  + "': batch dimension "
                  + t.shape()[0]
                  + " differs from input '"
                  + rowsFrom
                  + "' ("
                  + rows
                  + ")");
        }
        rows = t.shape()[0];
        rowsFrom = t.name();
      }
      ordered.add(t);
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (String name : request.outputs()) {
      if (signature.output(name).isEmpty()) {
        throw InferenceException.invalid(
            "output '"
                + name
                + "' is not an output of the model (outputs: "
                + signature.outputs().stream().map(TensorSpec::name).toList()
                + ")");
      }
      if (!outputs.add(name)) {
        throw InferenceException.invalid("output '" + name + "' is requested more than once");
      }
    }
    List<String> warnings =
        mode == ValidationMode.Off ? List.of() : checkRanges(byName, request.inputs());
    return new ValidatedRequest(
        List.copyOf(ordered), (int) (rows < 0 ? 1 : rows), outputs, warnings);
  }

  private static void checkStructure(TensorSpec spec, Tensor t) {
    if (t.datatype() != spec.datatype()) {
      throw InferenceException.invalid(
          "input '"
              + t.name()
              + "': datatype "
              + t.datatype()
              + " does not match the model's "
              + spec.datatype());
    }
    long[] want = spec.shape();
    long[] got = t.shape();
    if (got.length != want.length) {
      throw InferenceException.invalid(
          "input '"
              + t.name()
              + "': shape "
              + Arrays.toString(got)
              + " has rank "
              + got.length
              + ", the model expects rank "
              + want.length
              + " "
              + Arrays.toString(want));
    }
    for (int i = 0; i < want.length; i++) {
      if (want[i] >= 0 && got[i] != want[i]) {
        throw InferenceException.invalid(
            "input '"
                + t.name()
                + "': shape "
                + Arrays.toString(got)
                + " does not match the model's "
                + Arrays.toString(want)
                + " at dimension "
                + i);
      }
    }
    long expected;
    try {
      expected = Tensor.elementCount(got);
    } catch (ArithmeticException e) {
      expected = -1;
    }
    if (expected != t.length()) {
      throw InferenceException.invalid(
          "input '"
              + t.name()
              + "': shape "
              + Arrays.toString(got)
              + " needs "
              + (expected < 0 ? "too many" : Long.toString(expected))
              + " elements, got "
              + t.length());
    }
  }

  private static void checkFinite(Tensor t) {
    if (!t.datatype().isFloatingPoint()) {
      return;
    }
    for (int i = 0, n = t.length(); i < n; i++) {
      double v = t.valueAt(i);
      if (!Double.isFinite(v)) {
        throw InferenceException.invalid(
            "input '"
                + t.name()
                + "': element "
                + i
                + " is "
                + v
                + "; NaN and infinite values are refused (gantry.validation.non-finite=Reject)");
      }
    }
  }

  private List<String> checkRanges(Map<String, Tensor> byName, List<Tensor> inputs) {
    List<String> warnings = List.of();
    for (FeatureBinding binding : features) {
      Tensor t = byName.get(binding.input());
      String problem = firstOutOfRange(binding, t);
      if (problem == null) {
        continue;
      }
      if (mode == ValidationMode.Reject) {
        throw InferenceException.invalid(problem);
      }
      if (warnings.isEmpty()) {
        warnings = new ArrayList<>();
      }
      warnings.add(binding.feature().name());
    }
    return warnings;
  }

  private String firstOutOfRange(FeatureBinding binding, Tensor t) {
    FeatureBaseline f = binding.feature();
    int rows = binding.rows(t.length());
    if (f.type() == FeatureBaseline.FeatureType.CATEGORICAL) {
      Map<String, Long> categories = f.categories();
      if (categories == null || categories.isEmpty()) {
        return null;
      }
      for (int r = 0; r < rows; r++) {
        String key = CategoryKeys.of(t, binding.index(r));
        if (key != null && !categories.containsKey(key)) {
          return describe(binding, r)
              + " value '"
              + key
              + "' is not a category seen in training (gantry.validation.mode=Reject)";
        }
      }
      return null;
    }
    List<Double> edges = f.binEdges();
    if (edges == null || edges.size() < 2 || t.datatype() == Datatype.BYTES) {
      return null;
    }
    double min = edges.get(0);
    double max = edges.get(edges.size() - 1);
    double slack = (max - min) * rangeMargin;
    double lo = min - slack;
    double hi = max + slack;
    for (int r = 0; r < rows; r++) {
      double v = t.valueAt(binding.index(r));
      if (Double.isFinite(v) && (v < lo || v > hi)) {
        return describe(binding, r)
            + " value "
            + v
            + " is outside the allowed range ["
            + lo
            + ", "
            + hi
            + "] (training range ["
            + min
            + ", "
            + max
            + "] widened by gantry.validation.range-margin="
            + rangeMargin
            + "; gantry.validation.mode=Reject)";
      }
    }
    return null;
  }

  private static String describe(FeatureBinding b, int row) {
    return "input '"
        + b.input()
        + "'"
        + (b.column() >= 0 ? " column " + b.column() : "")
        + " (feature '"
        + b.feature().name()
        + "') row "
        + row
        + ":";
  }
}
