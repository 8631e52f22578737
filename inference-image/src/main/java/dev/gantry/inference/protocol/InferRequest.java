package dev.gantry.inference.protocol;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An inference request, decoded from either protocol binding.
 *
 * @param modelVersion requested version, null when the path or message named none
 * @param outputs names of the requested outputs; empty means all
 * @param rawOutput answer with raw little-endian bytes (gRPC clients that sent raw inputs)
 */
public record InferRequest(
    String modelName,
    String modelVersion,
    String id,
    Map<String, Object> parameters,
    List<Tensor> inputs,
    List<String> outputs,
    boolean rawOutput) {}
