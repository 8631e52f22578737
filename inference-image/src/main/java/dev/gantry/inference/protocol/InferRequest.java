package dev.gantry.inference.protocol;

import dev.gantry.inference.runtime.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inference request, decoded from either protocol binding.
 *
 * @param modelVersion requested version, null when the path or message named none
 * @param outputs names of the requested outputs; empty means all
 * @param rawOutput answer every output with raw little-endian bytes (gRPC clients that sent raw
 *     inputs; REST requests with the binary_data_output parameter)
 * @param binaryOutputs outputs to answer as raw bytes (REST binary tensor data extension)
 */
public record InferRequest(
    String modelName,
    String modelVersion,
    String id,
    Map<String, Object> parameters,
    List<Tensor> inputs,
    List<String> outputs,
    boolean rawOutput,
    Set<String> binaryOutputs) {

  /** Whether the named output goes back as raw bytes. */
  public boolean isBinary(String output) {
    return rawOutput || binaryOutputs.contains(output);
  }
}
