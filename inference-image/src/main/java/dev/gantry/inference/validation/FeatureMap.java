package dev.gantry.inference.validation;

import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Binds baseline features to model inputs. A feature named like an input is that whole input (shape
 * [batch] or [batch, 1]); the remaining features are, in baseline order, the columns of the model's
 * single [batch, n] input with n equal to their count. Features that bind nowhere are logged and
 * ignored.
 */
public final class FeatureMap {

  private static final Logger LOG = Logger.getLogger(FeatureMap.class);

  private FeatureMap() {}

  public static List<FeatureBinding> bind(
      ModelSignature signature, Optional<BaselineStatistics> baseline) {
    if (baseline.isEmpty() || baseline.get().features() == null) {
      return List.of();
    }
    List<FeatureBinding> bindings = new ArrayList<>();
    List<FeatureBaseline> columns = new ArrayList<>();
    for (FeatureBaseline f : baseline.get().features()) {
      Optional<TensorSpec> input = signature.input(f.name());
      if (input.isPresent() && isOneValuePerRow(input.get())) {
        bindings.add(new FeatureBinding(f, f.name(), -1, 1));
      } else {
        columns.add(f);
      }
    }
    if (!columns.isEmpty()) {
      List<TensorSpec> matrices =
          signature.inputs().stream()
              .filter(s -> s.shape().length == 2 && s.shape()[1] == columns.size())
              .toList();
      if (matrices.size() == 1) {
        TensorSpec matrix = matrices.get(0);
        for (int c = 0; c < columns.size(); c++) {
          bindings.add(new FeatureBinding(columns.get(c), matrix.name(), c, columns.size()));
        }
      } else {
        LOG.warnf(
            "baseline features %s match no model input (one [batch, %d] input expected); they are"
                + " neither range-checked nor tracked",
            columns.stream().map(FeatureBaseline::name).toList(), columns.size());
      }
    }
    return List.copyOf(bindings);
  }

  private static boolean isOneValuePerRow(TensorSpec spec) {
    long[] s = spec.shape();
    return s.length == 1 || (s.length == 2 && s[1] == 1);
  }
}
