package dev.gantry.inference.support;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * ONNX models the tests serve, produced by project code once per JVM: a Tribuo logistic regression
 * (tabular, dynamic batch) with its baseline.json and a golden CSV; a two-input model and an
 * all-datatypes model built with the ONNX protobuf classes tribuo-onnx ships.
 */
public final class TestModels {

  public static final String[] FEATURES = {"f0", "f1", "f2", "f3"};
  public static final int BINS = 8;

  private static Path dir;

  private TestModels() {}

  public static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("gantry-test-models");
        writeTabular(dir.resolve("tabular"));
        writePair(dir.resolve("pair/model.onnx"));
        writeTypes(dir.resolve("types/model.onnx"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** Tribuo LR over f0..f3; model.onnx, baseline.json and golden.csv in one directory. */
  public static Path tabular() {
    return dir().resolve("tabular/model.onnx");
  }

  public static Path tabularGolden() {
    return dir().resolve("tabular/golden.csv");
  }

  /** Inputs a, b FP32 [batch, 3]; outputs sum = a + b, product = a * b. */
  public static Path pair() {
    return dir().resolve("pair/model.onnx");
  }

  /** One input per datatype, each echoed (BOOL negated) to an output named {input}_out. */
  public static Path types() {
    return dir().resolve("types/model.onnx");
  }

  /**
   * A heavier model for the benchmark: MLP 64 -> 512 -> 512 -> 2 (ReLU, Softmax), seeded random
   * weights, input "input" FP32 [batch, 64]. Written on first use.
   */
  public static Path mlp() {
    return mlp(512);
  }

  /**
   * MLP 64 -> hidden -> hidden -> 2 (ReLU, Softmax), seeded random weights, input "input" FP32
   * [batch, 64]; hidden 2048 is the benchmark's compute-heavy model. Written on first use.
   */
  public static synchronized Path mlp(int hidden) {
    Path file = dir().resolve("mlp-" + hidden + "/model.onnx");
    if (!Files.exists(file)) {
      try {
        writeMlp(file, hidden);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return file;
  }

  private static void writeMlp(Path file, int hidden) throws IOException {
    Random r = new Random(5);
    int[] widths = {64, hidden, hidden, 2};
    OnnxMl.GraphProto.Builder g =
        OnnxMl.GraphProto.newBuilder()
            .setName("mlp")
            .addInput(value("input", DataType.FLOAT, -1, 64))
            .addOutput(value("output", DataType.FLOAT, -1, 2));
    String x = "input";
    for (int layer = 0; layer < 3; layer++) {
      int in = widths[layer];
      int out = widths[layer + 1];
      OnnxMl.TensorProto.Builder w =
          OnnxMl.TensorProto.newBuilder()
              .setName("w" + layer)
              .setDataType(DataType.FLOAT.getNumber())
              .addDims(in)
              .addDims(out);
      for (int i = 0; i < in * out; i++) {
        w.addFloatData((float) (r.nextGaussian() / Math.sqrt(in)));
      }
      g.addInitializer(w);
      String y = layer == 2 ? "logits" : "h" + layer;
      g.addNode(node("MatMul", x, "w" + layer, y + (layer == 2 ? "" : "_pre")));
      if (layer < 2) {
        g.addNode(node("Relu", y + "_pre", null, y));
      }
      x = y;
    }
    g.addNode(node("Softmax", "logits", null, "output"));
    write(file, g.build());
  }

  /** Synthetic rows: 4 N(0,1) features; label 1 when a linear score is positive. */
  public static double[][] rows(long seed, int n) {
    Random r = new Random(seed);
    double[][] x = new double[n][FEATURES.length];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return x;
  }

  public static int label(double[] row) {
    return 1.5 * row[0] - row[1] + 0.5 * row[2] * row[3] > 0 ? 1 : 0;
  }

  private static void writeTabular(Path d) throws IOException {
    Files.createDirectories(d);
    double[][] train = rows(7, 2000);
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
    for (double[] row : train) {
      data.add(new ArrayExample<>(new Label(Integer.toString(label(row))), FEATURES, row));
    }
    LinearSGDTrainer trainer =
        new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 5, 42L);
    LinearSGDModel model = trainer.train(data);
    model.saveONNXModel("dev.gantry.test", 1, d.resolve("model.onnx"));

    new ObjectMapper().writeValue(d.resolve("baseline.json").toFile(), baseline(train));

    // Golden set: label = the model's output column of the true class.
    StringBuilder csv = new StringBuilder(String.join(",", FEATURES)).append(",label\n");
    for (double[] row : rows(11, 300)) {
      int column = model.getOutputIDInfo().getID(new Label(Integer.toString(label(row))));
      for (double v : row) {
        csv.append((float) v).append(',');
      }
      csv.append(column).append('\n');
    }
    Files.writeString(d.resolve("golden.csv"), csv);
  }

  /** Quantile bin edges and counts per feature, as the training image writes them. */
  static BaselineStatistics baseline(double[][] rows) {
    List<FeatureBaseline> features = new ArrayList<>();
    for (int j = 0; j < FEATURES.length; j++) {
      double[] col = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        col[i] = rows[i][j];
      }
      Arrays.sort(col);
      List<Double> edges = new ArrayList<>();
      for (int b = 0; b <= BINS; b++) {
        edges.add(col[Math.min(col.length - 1, b * (col.length - 1) / BINS)]);
      }
      long[] counts = new long[BINS];
      for (double v : col) {
        counts[dev.gantry.contract.Bins.indexOf(edges, v)]++;
      }
      features.add(
          new FeatureBaseline(
              FEATURES[j],
              FeatureBaseline.FeatureType.NUMERIC,
              edges,
              Arrays.stream(counts).boxed().toList(),
              null,
              0,
              Arrays.stream(col).average().orElse(0),
              1.0));
    }
    return new BaselineStatistics(BaselineStatistics.CURRENT_SCHEMA_VERSION, rows.length, features);
  }

  private static void writePair(Path file) throws IOException {
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("pair")
            .addInput(value("a", DataType.FLOAT, -1, 3))
            .addInput(value("b", DataType.FLOAT, -1, 3))
            .addOutput(value("sum", DataType.FLOAT, -1, 3))
            .addOutput(value("product", DataType.FLOAT, -1, 3))
            .addNode(node("Add", "a", "b", "sum"))
            .addNode(node("Mul", "a", "b", "product"))
            .build();
    write(file, graph);
  }

  private static void writeTypes(Path file) throws IOException {
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("types");
    Object[][] io = {
      {"d", DataType.DOUBLE, new long[] {-1, 2}, "Identity"},
      {"i", DataType.INT32, new long[] {-1}, "Identity"},
      {"l", DataType.INT64, new long[] {-1, 2}, "Identity"},
      {"flag", DataType.BOOL, new long[] {-1}, "Not"},
      {"text", DataType.STRING, new long[] {-1}, "Identity"},
    };
    for (Object[] t : io) {
      String name = (String) t[0];
      graph.addInput(value(name, (DataType) t[1], (long[]) t[2]));
      graph.addOutput(value(name + "_out", (DataType) t[1], (long[]) t[2]));
      graph.addNode(node((String) t[3], name, null, name + "_out"));
    }
    write(file, graph.build());
  }

  private static OnnxMl.NodeProto node(String op, String in1, String in2, String out) {
    OnnxMl.NodeProto.Builder n =
        OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out + "_" + op).addInput(in1);
    if (in2 != null) {
      n.addInput(in2);
    }
    return n.addOutput(out).build();
  }

  private static OnnxMl.ValueInfoProto value(String name, DataType type, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
              : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber())
                        .setShape(shape)))
        .build();
  }

  private static void write(Path file, OnnxMl.GraphProto graph) throws IOException {
    Files.createDirectories(file.getParent());
    OnnxMl.ModelProto model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("gantry-tests")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }
}
