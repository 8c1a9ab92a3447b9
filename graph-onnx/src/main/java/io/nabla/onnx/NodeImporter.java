package io.nabla.onnx;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.LayerContext;
import io.nabla.onnx.proto.OnnxProto.AttributeProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.ops.Ops;
import java.util.Arrays;

/** One ONNX node at a time, into Nabla nodes (float data) or known integers (shape arithmetic). */
final class NodeImporter {
  /** The op types {@link #importNode} knows. */
  static final java.util.Set<String> SUPPORTED = java.util.Set.of(
      "Add", "Sub", "Mul", "Div", "Pow", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg",
      "Abs", "Sign", "Softplus", "Erf", "LeakyRelu", "Elu", "Identity", "Dropout", "Sum", "MatMul",
      "Gemm", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool",
      "BatchNormalization", "Flatten", "Reshape", "Transpose", "Concat", "Unsqueeze", "Squeeze",
      "Pad", "Slice", "Softmax", "LogSoftmax", "ReduceMean", "ReduceSum", "ReduceMax",
      "Constant", "Shape", "Gather", "Cast", "Resize");

  private final OnnxGraphLayer.Values values;
  private final LayerContext ctx;
  private final int opset;
  private NodeProto node;

  /** Convolution, pooling, batch norm and resizing: the ops over image windows. */
  private final WindowImports windows = new WindowImports(this);
  /** Reshaping, transposing, joining, padding and slicing: the ops that only move values. */
  private final LayoutImports layout = new LayoutImports(this);

  NodeImporter(OnnxGraphLayer.Values values, LayerContext ctx, int opset) {
    this.values = values;
    this.ctx = ctx;
    this.opset = opset;
  }

  OnnxGraphLayer.Values values() {
    return values;
  }

  LayerContext ctx() {
    return ctx;
  }

  NodeProto node() {
    return node;
  }

  int opset() {
    return opset;
  }

  void importNode(NodeProto n) {
    this.node = n;
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      throw fail("is in domain '" + n.getDomain() + "'; only the default ONNX domain is"
          + " supported");
    }
    switch (n.getOpType()) {
      case "Add" -> put(Ops.add(in(0), in(1)));
      case "Sub" -> put(Ops.sub(in(0), in(1)));
      case "Mul" -> put(Ops.mul(in(0), in(1)));
      case "Div" -> put(Ops.div(in(0), in(1)));
      case "Pow" -> put(Ops.pow(in(0), in(1)));
      case "Relu" -> put(Ops.relu(in(0)));
      case "Sigmoid" -> put(Ops.sigmoid(in(0)));
      case "Tanh" -> put(Ops.tanh(in(0)));
      case "Exp" -> put(Ops.exp(in(0)));
      case "Log" -> put(Ops.log(in(0)));
      case "Sqrt" -> put(Ops.sqrt(in(0)));
      case "Neg" -> put(Ops.neg(in(0)));
      case "Abs" -> put(Ops.abs(in(0)));
      case "Sign" -> put(Ops.sign(in(0)));
      case "Softplus" -> put(Ops.softplus(in(0)));
      // erf(x) = 2·Φ(x·√2) − 1, with Φ the normal CDF (how GELU is exported)
      case "Erf" -> put(Ops.sub(Ops.mul(Ops.normalCdf(Ops.mul(in(0), (float) Math.sqrt(2))),
          2f), 1f));
      case "LeakyRelu" -> put(Ops.leakyRelu(in(0), floatAttr("alpha", 0.01f)));
      case "Elu" -> put(Ops.elu(in(0), floatAttr("alpha", 1f)));
      case "Identity", "Dropout" -> identity();
      case "Sum" -> {
        Node[] xs = new Node[node.getInputCount()];
        for (int k = 0; k < xs.length; k++) {
          xs[k] = in(k);
        }
        put(xs.length == 1 ? xs[0] : io.nabla.core.primitive.Primitives.addN(xs));
      }
      case "MatMul" -> put(Ops.matmul(in(0), in(1)));
      case "Gemm" -> gemm();
      case "Conv" -> windows.conv();
      case "ConvTranspose" -> windows.convTranspose();
      case "Resize" -> windows.resize();
      case "MaxPool" -> windows.pool(true);
      case "AveragePool" -> windows.pool(false);
      case "GlobalAveragePool" -> {
        Node x = in(0);
        requireRank(x, 4);
        put(Ops.mean(x, true, 2, 3));
      }
      case "BatchNormalization" -> windows.batchNorm2();
      case "Flatten" -> layout.flatten();
      case "Reshape" -> layout.reshape();
      case "Transpose" -> layout.transpose();
      case "Concat" -> layout.concatenate();
      case "Unsqueeze" -> layout.unsqueeze();
      case "Squeeze" -> layout.squeeze();
      case "Pad" -> layout.padding();
      case "Slice" -> layout.slice();
      case "Softmax" -> put(Ops.softmax(in(0), softmaxAxis()));
      case "LogSoftmax" -> put(Ops.logSoftmax(in(0), softmaxAxis()));
      case "ReduceMean" -> reduce(Ops::mean);
      case "ReduceSum" -> reduce(Ops::sum);
      case "ReduceMax" -> reduce(Ops::max);
      case "Constant" -> constant();
      case "Shape" -> shape();
      case "Gather" -> gather();
      case "Cast" -> {
        if (!passesIntegers()) {
          throw fail("casts float data; only casts of known integer shapes are supported");
        }
      }
      default -> throw fail("has no Nabla equivalent; the supported ops are listed in"
          + " OnnxImporter's documentation");
    }
  }

  // ---- values ----

  Node in(int k) {
    String name = node.getInput(k);
    Node n = values.nodes.get(name);
    if (n != null) {
      return n;
    }
    if (values.integers.containsKey(name)) {
      long[] v = values.integers.get(name);
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = v[i];
      }
      Node c = ctx.graph().constant(Tensor.of(f, v.length));
      values.nodes.put(name, c);
      return c;
    }
    throw fail("reads '" + name + "', which no earlier node computes and which is neither an"
        + " input nor an initializer; the graph has a cycle or is not in topological order");
  }

  boolean has(int k) {
    return node.getInputCount() > k && !node.getInput(k).isEmpty();
  }

  long[] integers(int k) {
    long[] v = values.integers.get(node.getInput(k));
    if (v == null) {
      throw fail("needs input " + k + " ('" + node.getInput(k) + "') known while building (an"
          + " initializer, a Constant or a shape computation), but it is computed from data");
    }
    return v;
  }

  void put(Node n) {
    values.nodes.put(node.getOutput(0), n);
  }

  /**
   * When input 0 holds known integers (shape arithmetic), gives them as the output and returns
   * true; a float input is left to the caller.
   */
  boolean passesIntegers() {
    long[] v = values.integers.get(node.getInput(0));
    if (v != null) {
      values.integers.put(node.getOutput(0), v);
    }
    return v != null;
  }

  private void identity() {
    if (!passesIntegers()) {
      put(in(0));
    }
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      throw fail("has a second output (dropout's mask), which inference does not compute");
    }
  }

  // ---- attributes ----

  AttributeProto attr(String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  long intAttr(String name, long otherwise) {
    AttributeProto a = attr(name);
    return a == null ? otherwise : a.getI();
  }

  float floatAttr(String name, float otherwise) {
    AttributeProto a = attr(name);
    return a == null ? otherwise : a.getF();
  }

  String stringAttr(String name, String otherwise) {
    AttributeProto a = attr(name);
    return a == null ? otherwise : a.getS().toStringUtf8();
  }

  int[] ints(String name, int[] otherwise) {
    AttributeProto a = attr(name);
    return a == null ? otherwise : a.getIntsList().stream().mapToInt(Long::intValue).toArray();
  }

  OnnxImportException fail(String what) {
    return new OnnxImportException("onnx import: node '" + node.getName() + "' (" + node
        .getOpType() + ", output '" + (node.getOutputCount() > 0 ? node.getOutput(0) : "")
        + "') " + what);
  }

  void requireRank(Node x, int rank) {
    if (x.shape().rank() != rank) {
      throw fail("takes a rank-" + rank + " input here, not " + x.shape().describe());
    }
  }

  // ---- linear and convolution ----

  private void gemm() {
    Node a = in(0);
    Node b = in(1);
    Node y = Ops.matmul(a, b, intAttr("transA", 0) != 0, intAttr("transB", 0) != 0);
    float alpha = floatAttr("alpha", 1f);
    if (alpha != 1f) {
      y = Ops.mul(y, alpha);
    }
    if (has(2)) {
      Node c = in(2);
      float beta = floatAttr("beta", 1f);
      y = Ops.add(y, beta == 1f ? c : Ops.mul(c, beta));
    }
    put(y);
  }

  /** The axes of a Squeeze, Unsqueeze or ReduceSum: an input from opset 13, else an attribute. */
  long[] axes(int inputIndex) {
    if (opset >= 13) {
      return has(inputIndex) ? integers(inputIndex) : null;
    }
    AttributeProto a = attr("axes");
    return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  private int softmaxAxis() {
    Node x = in(0);
    int rank = x.shape().rank();
    long axis = intAttr("axis", opset >= 13 ? -1 : 1);
    if (opset < 13 && (axis < 0 ? axis + rank : axis) != rank - 1) {
      throw fail("normalises the flattened axes from " + axis + " on (opset " + opset + "); only"
          + " the last axis is supported before opset 13");
    }
    return (int) axis;
  }

  private interface Reducer {
    Node apply(Node x, boolean keepDims, int... axes);
  }

  private void reduce(Reducer reducer) {
    Node x = in(0);
    long[] axes = node.getOpType().equals("ReduceSum") ? axes(1)
        : attr("axes") == null ? null
            : attr("axes").getIntsList().stream().mapToLong(Long::longValue).toArray();
    if (axes == null && intAttr("noop_with_empty_axes", 0) != 0) {
      put(x);
      return;
    }
    boolean keep = intAttr("keepdims", 1) != 0;
    put(reducer.apply(x, keep,
        axes == null ? new int[0] : Arrays.stream(axes).mapToInt(a -> (int) a).toArray()));
  }

  // ---- constants and shape arithmetic ----

  private void constant() {
    AttributeProto value = attr("value");
    if (value == null) {
      throw fail("has no 'value' tensor; value_float, value_ints and the other forms are not"
          + " supported");
    }
    String where = "Constant '" + node.getName() + "'";
    if (ImportTensors.isFloat(value.getT())) {
      Tensor t = ImportTensors.floats(value.getT(), where);
      values.constants.put(node.getOutput(0), t);
      put(ctx.graph().constant(t));
    } else if (ImportTensors.isInteger(value.getT())) {
      values.integers.put(node.getOutput(0), ImportTensors.integers(value.getT(), where));
    } else {
      throw fail("holds data type " + value.getT().getDataType() + "; only float32 and integer"
          + " constants are supported");
    }
  }

  private void shape() {
    Node x = in(0);
    long[] dims = Arrays.stream(x.shape().dims()).asLongStream().toArray();
    values.integers.put(node.getOutput(0), dims);
  }

  private void gather() {
    long[] data = values.integers.get(node.getInput(0));
    if (data == null) {
      throw fail("gathers from float data; only gathers from known shapes are supported");
    }
    if (intAttr("axis", 0) != 0) {
      throw fail("gathers along axis " + intAttr("axis", 0) + " of a shape; only axis 0");
    }
    long[] indices = integers(1);
    long[] out = new long[indices.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = data[(int) (indices[k] < 0 ? indices[k] + data.length : indices[k])];
    }
    values.integers.put(node.getOutput(0), out);
  }


}
