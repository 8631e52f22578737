package dev.gantry.inference.protocol;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;

/** An inference response before encoding; {@code id} echoes the request's. */
public record InferResponse(
    String modelName, String modelVersion, String id, List<Tensor> outputs) {}
