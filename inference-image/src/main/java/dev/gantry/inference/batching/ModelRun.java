package dev.gantry.inference.batching;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;
import java.util.Set;

/** Something that runs a model on validated inputs (the ORT session, or a test double). */
@FunctionalInterface
public interface ModelRun {
  List<Tensor> run(List<Tensor> inputs, Set<String> outputs) throws Exception;
}
