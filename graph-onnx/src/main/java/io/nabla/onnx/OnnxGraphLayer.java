package io.nabla.onnx;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.LayerContext;
import io.nabla.onnx.proto.OnnxProto.GraphProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph as one Nabla layer: its float initializers become parameters (trainable) or,
 * for batch norm's running statistics, states; its integer initializers and the integer values
 * computed from static shapes ({@code Shape → Gather → Unsqueeze → Concat} reshape targets) are
 * known while building; each node becomes Nabla nodes through {@link NodeImporter}.
 */
final class OnnxGraphLayer implements Layer {
  private final GraphProto graph;
  private final List<String> inputNames;
  private final int opset;

  OnnxGraphLayer(GraphProto graph, List<String> inputNames, int opset) {
    this.graph = graph;
    this.inputNames = inputNames;
    this.opset = opset;
  }

  @Override
  public String kind() {
    return "onnx";
  }

  @Override
  public Node apply(Node input, LayerContext ctx) {
    return apply(List.of(input), ctx);
  }

  @Override
  public Node apply(List<Node> inputs, LayerContext ctx) {
    return build(inputs, ctx).values().iterator().next();
  }

  /** Builds the whole graph on {@code inputs}; every graph output by name, in order. */
  Map<String, Node> build(List<Node> inputs, LayerContext ctx) {
    Values values = new Values();
    for (int k = 0; k < inputs.size(); k++) {
      values.nodes.put(inputNames.get(k), inputs.get(k));
    }
    Set<String> statistics = new HashSet<>();
    for (NodeProto n : graph.getNodeList()) {
      if (n.getOpType().equals("BatchNormalization") && n.getInputCount() == 5) {
        statistics.add(n.getInput(3));
        statistics.add(n.getInput(4));
      }
    }
    for (TensorProto t : graph.getInitializerList()) {
      String where = "initializer '" + t.getName() + "'";
      if (ImportTensors.isFloat(t)) {
        Tensor value = ImportTensors.floats(t, where);
        values.constants.put(t.getName(), value);
        String name = parameterName(t.getName());
        values.nodes.put(t.getName(), statistics.contains(t.getName())
            ? ctx.state(name, value)
            : ctx.parameter(name, value.shape(), (shape, fanIn, fanOut, random) -> value.copy(),
                1, 1, value.shape().rank() > 1));
      } else if (ImportTensors.isInteger(t)) {
        values.integers.put(t.getName(), ImportTensors.integers(t, where));
      } else {
        throw new OnnxImportException(where + " has data type " + t.getDataType()
            + "; only float32 values and int32/int64 shapes, axes and pads are supported");
      }
    }
    NodeImporter importer = new NodeImporter(values, ctx, opset);
    for (NodeProto n : graph.getNodeList()) {
      importer.importNode(n);
    }
    Map<String, Node> outputs = new java.util.LinkedHashMap<>();
    for (var out : graph.getOutputList()) {
      String output = out.getName();
      Node result = values.nodes.get(output);
      if (result == null) {
        throw new OnnxImportException("onnx import: graph output '" + output + "' is "
            + (values.integers.containsKey(output) ? "an integer value, not float32 data"
                : "computed by no node"));
      }
      outputs.put(output, result);
    }
    return outputs;
  }

  /** Nabla scopes names with '/': ONNX names keep their own separators otherwise. */
  private static String parameterName(String onnxName) {
    return onnxName.replace('/', '.').replace(':', '_');
  }

  /** The values computed so far: graph nodes, known float constants and known integers. */
  static final class Values {
    final Map<String, Node> nodes = new HashMap<>();
    final Map<String, Tensor> constants = new HashMap<>();
    final Map<String, long[]> integers = new HashMap<>();
  }
}
