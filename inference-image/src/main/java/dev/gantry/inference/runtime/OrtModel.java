package dev.gantry.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One ONNX Runtime session and its signature. {@link #run} is safe to call concurrently. */
public final class OrtModel implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelSignature signature;
  private final List<String> executionProviders;
  private final Map<String, Integer> inputSlots = new HashMap<>();

  public OrtModel(
      OrtEnvironment env,
      OrtSession session,
      ModelSignature signature,
      List<String> executionProviders) {
    this.env = env;
    this.session = session;
    this.signature = signature;
    this.executionProviders = List.copyOf(executionProviders);
    for (int i = 0; i < signature.inputs().size(); i++) {
      inputSlots.put(signature.inputs().get(i).name(), i);
    }
  }

  public ModelSignature signature() {
    return signature;
  }

  public List<String> executionProviders() {
    return executionProviders;
  }

  /**
   * Runs the model on already validated inputs.
   *
   * @param outputNames outputs to compute, empty for all tensor outputs
   * @return the outputs in the model's order
   */
  public List<Tensor> run(List<Tensor> inputs, Set<String> outputNames) throws OrtException {
    Set<String> wanted = new LinkedHashSet<>();
    for (TensorSpec spec : signature.outputs()) {
      if (outputNames.isEmpty() || outputNames.contains(spec.name())) {
        wanted.add(spec.name());
      }
    }
    Map<String, OnnxTensor> feed = new HashMap<>(inputs.size() * 2);
    try {
      for (Tensor t : inputs) {
        feed.put(t.name(), OrtTensors.toOrt(env, t, inputSlots.get(t.name())));
      }
      try (OrtSession.Result result = session.run(feed, wanted)) {
        List<Tensor> outputs = new ArrayList<>(wanted.size());
        for (Map.Entry<String, OnnxValue> e : result) {
          outputs.add(OrtTensors.fromOrt(e.getKey(), (OnnxTensor) e.getValue()));
        }
        return outputs;
      }
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
