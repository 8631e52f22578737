package dev.gantry.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The real input and output tensors of a loaded model, in the model's order. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

  private static final Logger LOG = Logger.getLogger(ModelSignature.class);

  public static ModelSignature of(OrtSession session) throws OrtException {
    List<TensorSpec> inputs = specs(session.getInputInfo(), "input");
    List<TensorSpec> outputs = specs(session.getOutputInfo(), "output");
    if (inputs.size() != session.getNumInputs()) {
      throw new IllegalStateException(
          "the model has inputs of types the server cannot feed (supported: FP32, FP64, INT32,"
              + " INT64, BOOL, BYTES tensors)");
    }
    if (outputs.isEmpty()) {
      throw new IllegalStateException("the model has no tensor output the server can return");
    }
    return new ModelSignature(List.copyOf(inputs), List.copyOf(outputs));
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes, String kind) {
    List<TensorSpec> specs = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      if (node.getInfo() instanceof TensorInfo info) {
        Optional<Datatype> datatype = Datatype.of(info.type);
        if (datatype.isPresent()) {
          specs.add(new TensorSpec(node.getName(), datatype.get(), info.getShape()));
          continue;
        }
      }
      // Sequences and maps (e.g. scikit-learn's ZipMap) have no Open Inference Protocol form.
      LOG.warnf("model %s '%s' (%s) is not served: unsupported type", kind, node.getName(), node);
    }
    return specs;
  }

  public Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<TensorSpec> output(String name) {
    return outputs.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Whether requests can be stacked along the first dimension of every input and output. */
  public boolean isBatchable() {
    return inputs.stream().allMatch(TensorSpec::hasDynamicBatch)
        && outputs.stream().allMatch(TensorSpec::hasDynamicBatch);
  }
}
