package dev.gantry.training;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;

/**
 * Exports a trained model to ONNX with one input per dataset feature, named after its column.
 *
 * <p>Tribuo's export takes a single {@code input} tensor {@code [batch, nFeatures]} of encoded
 * features in Tribuo's (lexicographic) feature order. In front of it this builder adds one graph
 * input per feature, {@code [batch, 1]} float for numeric and string for categorical columns, and
 * rebuilds the encoding of {@link FeatureEncoder} in the graph: {@code Sub}/{@code Div} for
 * standardisation, an {@code ai.onnx.ml.LabelEncoder} per category indicator, then a {@code Concat}
 * in Tribuo's order. Clients therefore send raw column values by name, and drift monitoring sees
 * inputs that match baseline.json's features.
 *
 * <p>The output stays Tribuo's {@code output} {@code [batch, 2]} class probabilities; its column
 * order is in the {@code gantry.output_labels} metadata. Tribuo's provenance metadata (host,
 * timestamps) is dropped so equal seeds give byte-identical files; provenance.json carries it.
 */
public final class OnnxModelBuilder {
  public static final String OUTPUT = "output";
  public static final String META_FEATURE_NAMES = "gantry.feature_names";
  public static final String META_FEATURE_TYPES = "gantry.feature_types";
  public static final String META_OUTPUT_LABELS = "gantry.output_labels";
  public static final String META_POSITIVE_LABEL = "gantry.positive_label";
  public static final String META_MODEL_NAME = "gantry.model_name";
  static final String ML_DOMAIN = "ai.onnx.ml";
  private static final String TRIBUO_INPUT = "input";
  private static final String INTERNAL_PREFIX = "tribuo/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OnnxModelBuilder() {}

  public static ModelProto build(
      Model<Label> model, FeatureEncoder encoder, DatasetSchema schema, String modelName) {
    if (!(model instanceof ONNXExportable exportable)) {
      throw new IllegalArgumentException(model.getClass().getName() + " cannot export to ONNX");
    }
    ModelProto tribuo = exportable.exportONNXModel("dev.gantry", 1);
    GraphProto original = tribuo.getGraph();
    if (original.getInputCount() != 1 || !original.getInput(0).getName().equals(TRIBUO_INPUT)) {
      throw new IllegalStateException("unexpected Tribuo ONNX inputs: " + original.getInputList());
    }

    // Move every Tribuo tensor name out of the way of feature names; keep the output name.
    UnaryOperator<String> internal =
        name -> name.isEmpty() || name.equals(OUTPUT) ? name : INTERNAL_PREFIX + name;
    GraphProto.Builder graph = GraphProto.newBuilder().setName(original.getName());
    graph.setDocString(
        "Gantry model: one input per feature (raw values, [batch,1]); output = class probabilities");

    List<NodeProto> encoding = new ArrayList<>();
    List<TensorProto> constants = new ArrayList<>();
    Map<String, String> standardized = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
      String tribuoName = model.getFeatureIDMap().get(id).getName();
      switch (encoder.encodingOf(tribuoName)) {
        case FeatureEncoder.Standardized s ->
            columns.add(
                standardized.computeIfAbsent(
                    s.column(), c -> addStandardize(s, encoding, constants)));
        case FeatureEncoder.Indicator ind -> columns.add(addIndicator(ind, encoding, id));
      }
    }
    encoding.add(
        NodeProto.newBuilder()
            .setName("gantry/concat")
            .setOpType("Concat")
            .addAllInput(columns)
            .addOutput(internal.apply(TRIBUO_INPUT))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("axis")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1))
            .build());

    for (DatasetSchema.Feature feature : schema.features()) {
      graph.addInput(
          valueInfo(
              feature.name(),
              feature.type() == FeatureType.NUMERIC
                  ? TensorProto.DataType.FLOAT
                  : TensorProto.DataType.STRING));
    }
    graph.addAllOutput(original.getOutputList());
    graph.addAllInitializer(constants);
    for (TensorProto t : original.getInitializerList()) {
      graph.addInitializer(t.toBuilder().setName(internal.apply(t.getName())));
    }
    graph.addAllNode(encoding);
    for (NodeProto node : original.getNodeList()) {
      NodeProto.Builder b = node.toBuilder().clearInput().clearOutput();
      node.getInputList().forEach(n -> b.addInput(internal.apply(n)));
      node.getOutputList().forEach(n -> b.addOutput(internal.apply(n)));
      b.setName(internal.apply(node.getName()));
      graph.addNode(b);
    }
    for (ValueInfoProto v : original.getValueInfoList()) {
      graph.addValueInfo(v.toBuilder().setName(internal.apply(v.getName())));
    }
    checkUniqueNames(graph);

    // Tribuo puts its provenance (with host and timestamps) in doc_string and metadata.
    ModelProto.Builder out =
        tribuo.toBuilder()
            .setGraph(graph)
            .clearMetadataProps()
            .setDocString(
                "Gantry model " + modelName + " trained by " + model.getClass().getSimpleName());
    if (schema.features().stream().anyMatch(f -> f.type() == FeatureType.CATEGORICAL)) {
      out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(2));
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < model.getOutputIDInfo().size(); i++) {
      labels.add(model.getOutputIDInfo().getOutput(i).getLabel());
    }
    metadata(out, META_MODEL_NAME, modelName);
    metadata(
        out,
        META_FEATURE_NAMES,
        json(schema.features().stream().map(DatasetSchema.Feature::name).toList()));
    metadata(
        out,
        META_FEATURE_TYPES,
        json(schema.features().stream().map(f -> f.type().name()).toList()));
    metadata(out, META_OUTPUT_LABELS, json(labels));
    metadata(out, META_POSITIVE_LABEL, schema.positiveLabel());
    return out.build();
  }

  private static String addStandardize(
      FeatureEncoder.Standardized s, List<NodeProto> nodes, List<TensorProto> constants) {
    String mean = "gantry/mean/" + s.column();
    String scale = "gantry/scale/" + s.column();
    String centered = "gantry/centered/" + s.column();
    String result = "gantry/standardized/" + s.column();
    constants.add(scalar(mean, (float) s.mean()));
    constants.add(scalar(scale, (float) s.scale()));
    nodes.add(node("Sub", centered, s.column(), mean));
    nodes.add(node("Div", result, centered, scale));
    return result;
  }

  private static String addIndicator(FeatureEncoder.Indicator ind, List<NodeProto> nodes, int id) {
    String result = "gantry/indicator/" + id + "/" + ind.column() + "=" + ind.value();
    nodes.add(
        NodeProto.newBuilder()
            .setName(result)
            .setOpType("LabelEncoder")
            .setDomain(ML_DOMAIN)
            .addInput(ind.column())
            .addOutput(result)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("keys_strings")
                    .setType(AttributeProto.AttributeType.STRINGS)
                    .addStrings(ByteString.copyFromUtf8(ind.value())))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("values_floats")
                    .setType(AttributeProto.AttributeType.FLOATS)
                    .addFloats(1.0f))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("default_float")
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF(0.0f))
            .build());
    return result;
  }

  private static NodeProto node(String op, String output, String... inputs) {
    return NodeProto.newBuilder()
        .setName(output)
        .setOpType(op)
        .addAllInput(List.of(inputs))
        .addOutput(output)
        .build();
  }

  private static TensorProto scalar(String name, float value) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addFloatData(value)
        .build();
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  private static void checkUniqueNames(GraphProto.Builder graph) {
    Set<String> produced = new HashSet<>();
    graph.getInputList().forEach(v -> requireNew(produced, v.getName()));
    graph.getInitializerList().forEach(t -> requireNew(produced, t.getName()));
    graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> requireNew(produced, o)));
  }

  private static void requireNew(Set<String> names, String name) {
    if (!names.add(name)) {
      throw new BadInputException(
          SchemaResolver.REASON,
          "feature name '"
              + name
              + "' clashes with a tensor name of the exported model; rename the column");
    }
  }

  private static void metadata(ModelProto.Builder model, String key, String value) {
    model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
