package dev.gantry.inference.support;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain in-process ONNX Runtime session with default options, the yardstick served outputs must
 * equal exactly.
 */
public final class ReferenceSession implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  public ReferenceSession(Path model) throws OrtException {
    this.session = env.createSession(model.toString(), new OrtSession.SessionOptions());
  }

  /** Runs float inputs given as rows; returns the named float output as rows. */
  public float[][] run(Map<String, float[][]> inputs, String output) throws OrtException {
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        feed.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue()));
      }
      try (OrtSession.Result result = session.run(feed)) {
        return (float[][]) result.get(output).orElseThrow().getValue();
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
