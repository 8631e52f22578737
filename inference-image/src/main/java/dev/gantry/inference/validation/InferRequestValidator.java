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
 * names the input and the problem. The per-value rules are {@link ValueRules}, which the batch
 * predict mode applies to CSV rows too.
 */
public final class InferRequestValidator {

  private final ModelSignature signature;
  private final List<FeatureBinding> features;
  private final ValueRules rules;

  public InferRequestValidator(
      ModelSignature signature,
      List<FeatureBinding> features,
      ValidationMode mode,
      NonFinitePolicy nonFinite,
      double rangeMargin) {
    this.signature = signature;
    this.features = features;
    this.rules = new ValueRules(mode, nonFinite, rangeMargin);
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
      if (rules.rejectsNonFinite()) {
        checkFinite(t);
      }
      if (spec.hasDynamicBatch()) {
        if (t.shape()[0] > Integer.MAX_VALUE) {
          throw InferenceException.invalid(
              "input '" + t.name() + "': batch dimension " + t.shape()[0] + " is too large");
        }
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
        rules.checksRanges() ? checkRanges(byName, request.inputs()) : List.of();
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

  private void checkFinite(Tensor t) {
    if (!t.datatype().isFloatingPoint()) {
      return;
    }
    for (int i = 0, n = t.length(); i < n; i++) {
      String problem = rules.nonFinite(t.valueAt(i));
      if (problem != null) {
        throw InferenceException.invalid("input '" + t.name() + "': element " + i + " " + problem);
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
      if (rules.rejectsOutOfRange()) {
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
    Map<String, Long> categories = ValueRules.categories(f);
    if (categories != null) {
      for (int r = 0; r < rows; r++) {
        String problem =
            ValueRules.unknownCategory(categories, CategoryKeys.of(t, binding.index(r)));
        if (problem != null) {
          return describe(binding, r) + " " + problem;
        }
      }
      return null;
    }
    ValueRules.Range range = rules.range(f);
    if (range == null || t.datatype() == Datatype.BYTES) {
      return null;
    }
    for (int r = 0; r < rows; r++) {
      String problem = range.check(t.valueAt(binding.index(r)));
      if (problem != null) {
        return describe(binding, r) + " " + problem;
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
