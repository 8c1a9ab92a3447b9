package io.nabla.onnx;

import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.GraphProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One export in progress: the ONNX value of each Nabla node exported so far, the nodes and
 * initializers written, and the names taken. Nodes are exported on demand from the outputs
 * backwards (depth first), so each ONNX node follows the nodes it reads, as ONNX requires, and
 * only what inference reads is written (batch norm's batch statistics and dropout's mask are
 * not).
 */
final class GraphExport {
  private final Map<Class<? extends Op>, OpExporter> exporters;
  private final Map<Node, String> inputs;
  private final Function<Node, Tensor> variables;
  private final Map<Node, String> values = new HashMap<>();
  private final Set<Node> inProgress = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, TensorProto> initializers = new LinkedHashMap<>();

  GraphExport(Map<Class<? extends Op>, OpExporter> exporters, Map<Node, String> inputs,
      Function<Node, Tensor> variables) {
    this.exporters = exporters;
    this.inputs = inputs;
    this.variables = variables;
    inputs.forEach((node, name) -> {
      values.put(node, name);
      names.add(name);
    });
  }

  GraphProto.Builder graph() {
    return graph;
  }

  /** The ONNX value of {@code node}, exporting it (and what it reads) first. */
  String value(Node node) {
    String known = values.get(node);
    if (known != null) {
      return known;
    }
    switch (node.kind()) {
      case PLACEHOLDER -> throw new OnnxExportException("onnx export: placeholder '"
          + node.name() + "' " + node.shape().describe() + " is needed by the outputs but is"
          + " not an input of the export (inputs: " + inputs.values() + "); add it to the"
          + " inputs, or export outputs that do not depend on it");
      case VARIABLE -> {
        return initializer(node, variables.apply(node));
      }
      case CONSTANT -> {
        return initializer(node, ((Constant) node.op()).value());
      }
      default -> {
        return operation(node);
      }
    }
  }

  private String initializer(Node node, Tensor value) {
    String name = freshName(node.name());
    addInitializer(OnnxTensors.floats(name, value));
    values.put(node, name);
    return name;
  }

  private String operation(Node node) {
    OpExporter exporter = exporters.get(node.op().getClass());
    if (exporter == null) {
      throw new OnnxExportException("onnx export: op '" + node.op().type() + "' of node '"
          + node.name() + "' (" + node.op().getClass().getName() + ") has no ONNX mapping;"
          + " register one with OnnxExporter.standard().with(" + node.op().getClass()
          .getSimpleName() + ".class, ctx -> ctx.add(\"<OnnxOp>\", ctx.output(), ctx.input(0)))");
    }
    if (!inProgress.add(node)) {
      throw new IllegalStateException("onnx export of " + node.describe() + ": its exporter"
          + " asked for the node's own value");
    }
    exporter.export(new ExportContext(this, node));
    inProgress.remove(node);
    String value = values.get(node);
    if (value == null) {
      throw new IllegalStateException("onnx export of " + node.describe() + ": the exporter of"
          + " op '" + node.op().type() + "' added no node named '" + node.name() + "' and made"
          + " no alias; it must compute ctx.output() or call ctx.alias(...)");
    }
    return value;
  }

  NodeProto.Builder addNode(String opType, String output, List<String> nodeInputs) {
    NodeProto.Builder n = graph.addNodeBuilder().setOpType(opType).setName(output)
        .addOutput(output).addAllInput(nodeInputs);
    names.add(output);
    return n;
  }

  /** Records that {@code node}'s value was computed, by a node added under its name. */
  void produced(Node node) {
    values.put(node, node.name());
  }

  void alias(Node node, String value) {
    values.put(node, value);
  }

  void addInitializer(TensorProto tensor) {
    initializers.put(tensor.getName(), tensor);
    names.add(tensor.getName());
  }

  Iterable<TensorProto> initializers() {
    return initializers.values();
  }

  String freshName(String base) {
    String name = base;
    for (int i = 2; names.contains(name); i++) {
      name = base + "_" + i;
    }
    names.add(name);
    return name;
  }

  boolean hasName(String name) {
    return names.contains(name);
  }
}
