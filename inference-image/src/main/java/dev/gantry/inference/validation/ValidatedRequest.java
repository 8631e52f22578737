package dev.gantry.inference.validation;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;
import java.util.Set;

/**
 * A request the model can run.
 *
 * @param inputs in the model's input order
 * @param rows the batch dimension shared by all inputs (1 for models without one)
 * @param outputs requested output names; empty means all
 * @param warnings value problems let through in Warn mode, by feature name
 */
public record ValidatedRequest(
    List<Tensor> inputs, int rows, Set<String> outputs, List<String> warnings) {}
