package dev.gantry.inference.batching;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;

/**
 * The outputs of one request and how they were produced.
 *
 * @param queueNanos time spent waiting for a batch to form
 * @param runNanos duration of the session.run that produced the outputs
 * @param batchRows rows in that session.run
 */
public record RunResult(List<Tensor> outputs, long queueNanos, long runNanos, int batchRows) {}
