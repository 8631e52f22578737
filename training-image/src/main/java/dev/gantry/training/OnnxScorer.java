package dev.gantry.training;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores dataset rows with an exported model file in ONNX Runtime, feeding raw column values to the
 * per-feature inputs, the way a serving client would.
 */
public final class OnnxScorer implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int positiveColumn;

  /**
   * @param positiveColumn the output column holding the positive class probability
   */
  public OnnxScorer(Path modelFile, int positiveColumn) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      this.session = env.createSession(modelFile.toString(), options);
    }
    this.positiveColumn = positiveColumn;
  }

  public OrtSession session() {
    return session;
  }

  /** Positive-class probabilities of the given rows, in one batch. */
  public double[] positiveProbabilities(TypedDataset data, int[] rows) throws OrtException {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    long[] shape = {rows.length, 1};
    try {
      for (DatasetSchema.Feature feature : data.schema().features()) {
        OnnxTensor tensor;
        if (feature.type() == FeatureType.NUMERIC) {
          double[] column = data.numeric(feature.name());
          FloatBuffer buffer = FloatBuffer.allocate(rows.length);
          for (int r : rows) {
            buffer.put((float) column[r]);
          }
          tensor = OnnxTensor.createTensor(env, buffer.flip(), shape);
        } else {
          String[] column = data.categorical(feature.name());
          String[] values = new String[rows.length];
          for (int i = 0; i < rows.length; i++) {
            values[i] = column[rows[i]];
          }
          tensor = OnnxTensor.createTensor(env, values, shape);
        }
        inputs.put(feature.name(), tensor);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][] probabilities =
            (float[][]) result.get(OnnxModelBuilder.OUTPUT).orElseThrow().getValue();
        double[] positive = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          positive[i] = probabilities[i][positiveColumn];
        }
        return positive;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
