package io.nabla.onnx;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import java.util.List;

/**
 * What an {@link OpExporter} sees while it exports one node: the node, the ONNX values of its
 * inputs (exported on first use, so only what the inference computation reads is written), and
 * the means to add ONNX nodes and constant initializers named after the node.
 */
public final class ExportContext {
  private final GraphExport export;
  private final Node node;

  ExportContext(GraphExport export, Node node) {
    this.export = export;
    this.node = node;
  }

  /** The Nabla node being exported. */
  public Node node() {
    return node;
  }

  /** The static shape of input {@code index}; unknown dimensions are {@link Shape#UNKNOWN}. */
  public Shape inputShape(int index) {
    return node.input(index).shape();
  }

  /** The ONNX value name of input {@code index}, exporting that input first if needed. */
  public String input(int index) {
    return export.value(node.input(index));
  }

  /**
   * The ONNX value name of any node of the graph, exported if needed: for exporters that look
   * through an input to what computes it (batch norm reads the running statistics behind its
   * statistics input).
   */
  public String value(Node other) {
    return export.value(other);
  }

  /** The name the value of this node must have: the node's own name. */
  public String output() {
    return node.name();
  }

  /**
   * A fresh value name for an intermediate of this node's export, {@code <node name>/<suffix>}
   * (with a number appended if taken).
   */
  public String temp(String suffix) {
    return export.freshName(node.name() + "/" + suffix);
  }

  /**
   * Adds a node of the default ONNX domain computing {@code output} from {@code inputs} (an
   * empty string is an omitted optional input) and returns it for attributes. It is named after
   * its output, so the node computing {@link #output()} has the Nabla node's name.
   */
  public NodeProto.Builder add(String opType, String output, String... inputs) {
    NodeProto.Builder added = export.addNode(opType, output, List.of(inputs));
    if (output.equals(node.name())) {
      export.produced(node);
    }
    return added;
  }

  /** Makes this node's value the existing value {@code value}: for ops that change nothing. */
  public void alias(String value) {
    export.alias(node, value);
  }

  /** A constant 1-D int64 initializer (shapes, axes, pads, slice bounds); its name. */
  public String int64s(String suffix, long... values) {
    String name = temp(suffix);
    export.addInitializer(OnnxTensors.int64s(name, values));
    return name;
  }

  /** A constant float initializer of any shape; its name. */
  public String floats(String suffix, Tensor value) {
    String name = temp(suffix);
    export.addInitializer(OnnxTensors.floats(name, value));
    return name;
  }

  /**
   * An exception for a node this exporter cannot write: names the node, its op and attributes,
   * says {@code why} and {@code fix}.
   */
  public OnnxExportException unsupported(String why, String fix) {
    return new OnnxExportException("onnx export of " + node.describe() + " "
        + node.op().attributes() + ": " + why + "; " + fix);
  }
}
