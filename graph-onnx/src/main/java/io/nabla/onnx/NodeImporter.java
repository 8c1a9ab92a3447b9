package io.nabla.onnx;

import static io.nabla.ops.NnOps.avgPool2d;
import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.NnOps.conv2d;
import static io.nabla.ops.NnOps.crop;
import static io.nabla.ops.NnOps.maxPool2d;
import static io.nabla.ops.NnOps.pad;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.LayerContext;
import io.nabla.onnx.proto.OnnxProto.AttributeProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.ops.NnOps;
import io.nabla.ops.Ops;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
      case "Flatten" -> flatten();
      case "Reshape" -> reshape();
      case "Transpose" -> {
        Node x = in(0);
        put(Ops.transpose(x, ints("perm", reversed(x.shape().rank()))));
      }
      case "Concat" -> concatenate();
      case "Unsqueeze" -> unsqueeze();
      case "Squeeze" -> squeeze();
      case "Pad" -> padding();
      case "Slice" -> slice();
      case "Softmax" -> put(Ops.softmax(in(0), softmaxAxis()));
      case "LogSoftmax" -> put(Ops.logSoftmax(in(0), softmaxAxis()));
      case "ReduceMean" -> reduce(Ops::mean);
      case "ReduceSum" -> reduce(Ops::sum);
      case "ReduceMax" -> reduce(Ops::max);
      case "Constant" -> constant();
      case "Shape" -> shape();
      case "Gather" -> gather();
      case "Cast" -> {
        if (!values.integers.containsKey(node.getInput(0))) {
          throw fail("casts float data; only casts of known integer shapes are supported");
        }
        values.integers.put(node.getOutput(0), values.integers.get(node.getInput(0)));
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

  private void identity() {
    String in = node.getInput(0);
    if (values.integers.containsKey(in)) {
      values.integers.put(node.getOutput(0), values.integers.get(in));
    } else {
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

  /** To 2-D: the axes before {@code axis} in one, the rest in the other. */
  private void flatten() {
    Node x = in(0);
    int rank = x.shape().rank();
    long axis = intAttr("axis", 1);
    int a = (int) (axis < 0 ? axis + rank : axis);
    if (a < 0 || a > rank) {
      throw fail("flattens at axis " + axis + " of a rank-" + rank + " input");
    }
    long inner = 1;
    for (int d = a; d < rank; d++) {
      if (x.shape().dim(d) == Shape.UNKNOWN) {
        throw fail("flattens from axis " + axis + " over an axis of unknown size, "
            + x.shape().describe());
      }
      inner *= x.shape().dim(d);
    }
    long outer = 1;
    for (int d = 0; d < a; d++) {
      outer = x.shape().dim(d) == Shape.UNKNOWN || outer == -1 ? -1 : outer * x.shape().dim(d);
    }
    put(Ops.reshape(x, (int) outer, (int) inner));
  }

  private void reshape() {
    Node x = in(0);
    long[] target = integers(1);
    boolean allowZero = intAttr("allowzero", 0) != 0;
    int[] dims = new int[target.length];
    int unknown = 0;
    for (int k = 0; k < dims.length; k++) {
      dims[k] = (int) (target[k] == 0 && !allowZero ? x.shape().dim(k) : target[k]);
      unknown += dims[k] == -1 ? 1 : 0;
    }
    if (unknown == 2 && dims[0] == -1 && x.shape().dim(0) == Shape.UNKNOWN) {
      // [batch, -1] from Shape(x)[0]: the batch stays unknown, the other is the features left
      long features = 1;
      for (int d = 1; d < x.shape().rank(); d++) {
        features *= x.shape().dim(d);
      }
      long known = 1;
      for (int d = 1; d < dims.length; d++) {
        known *= dims[d] == -1 ? 1 : dims[d];
      }
      for (int d = 1; d < dims.length; d++) {
        if (dims[d] == -1) {
          dims[d] = (int) (features / known);
        }
      }
    }
    put(Ops.reshape(x, dims));
  }

  private void concatenate() {
    long axis = intAttr("axis", 0);
    boolean allIntegers = true;
    for (int k = 0; k < node.getInputCount(); k++) {
      allIntegers &= values.integers.containsKey(node.getInput(k));
    }
    if (allIntegers) {
      List<Long> joined = new ArrayList<>();
      for (int k = 0; k < node.getInputCount(); k++) {
        for (long v : values.integers.get(node.getInput(k))) {
          joined.add(v);
        }
      }
      values.integers.put(node.getOutput(0),
          joined.stream().mapToLong(Long::longValue).toArray());
      return;
    }
    List<Node> xs = new ArrayList<>();
    for (int k = 0; k < node.getInputCount(); k++) {
      xs.add(in(k));
    }
    put(concat((int) axis, xs));
  }

  private long[] axes(int inputIndex) {
    if (opset >= 13) {
      return has(inputIndex) ? integers(inputIndex) : null;
    }
    AttributeProto a = attr("axes");
    return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  private void unsqueeze() {
    long[] axes = axes(1);
    if (values.integers.containsKey(node.getInput(0))) {
      values.integers.put(node.getOutput(0), values.integers.get(node.getInput(0)));
      return;
    }
    put(Ops.unsqueeze(in(0), Arrays.stream(axes).mapToInt(a -> (int) a).toArray()));
  }

  private void squeeze() {
    if (values.integers.containsKey(node.getInput(0))) {
      values.integers.put(node.getOutput(0), values.integers.get(node.getInput(0)));
      return;
    }
    Node x = in(0);
    long[] axes = axes(1);
    int rank = x.shape().rank();
    boolean[] drop = new boolean[rank];
    for (int d = 0; d < rank; d++) {
      drop[d] = axes == null && x.shape().dim(d) == 1;
    }
    if (axes != null) {
      for (long a : axes) {
        drop[(int) (a < 0 ? a + rank : a)] = true;
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      if (!drop[d]) {
        kept.add(d == 0 && x.shape().dim(0) == Shape.UNKNOWN ? -1 : x.shape().dim(d));
      }
    }
    put(Ops.reshape(x, kept.stream().mapToInt(Integer::intValue).toArray()));
  }

  private void padding() {
    Node x = in(0);
    String mode = stringAttr("mode", "constant");
    if (!mode.equals("constant")) {
      throw fail("pads in mode '" + mode + "'; only constant padding is supported");
    }
    long[] pads = opset >= 11 ? integers(1)
        : attr("pads").getIntsList().stream().mapToLong(Long::longValue).toArray();
    int rank = x.shape().rank();
    if (pads.length != 2 * rank) {
      throw fail("has " + pads.length + " pads for a rank-" + rank + " input; ONNX needs"
          + " 2 × rank");
    }
    int[] before = new int[rank];
    int[] after = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (pads[d] < 0 || pads[rank + d] < 0) {
        throw fail("has negative pads " + Arrays.toString(pads) + "; crop with Slice instead");
      }
      before[d] = (int) pads[d];
      after[d] = (int) pads[rank + d];
    }
    float value = 0f;
    if (opset >= 11 && has(2)) {
      Tensor v = values.constants.get(node.getInput(2));
      if (v == null || v.size() != 1) {
        throw fail("needs its constant_value known while building, as one number");
      }
      value = v.get(0);
    }
    put(pad(x, before, after, value));
  }

  private void slice() {
    Node x = in(0);
    long[] starts = integers(1);
    long[] ends = integers(2);
    long[] axes = has(3) ? integers(3) : null;
    if (has(4) && Arrays.stream(integers(4)).anyMatch(s -> s != 1)) {
      throw fail("has steps " + Arrays.toString(integers(4)) + "; only step 1 is supported");
    }
    int rank = x.shape().rank();
    int[] before = new int[rank];
    int[] after = new int[rank];
    for (int k = 0; k < starts.length; k++) {
      int axis = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + rank : axes[k]);
      int size = x.shape().dim(axis);
      long start = starts[k];
      long end = ends[k];
      if (size == Shape.UNKNOWN) {
        if (start != 0 || end < Integer.MAX_VALUE) {
          throw fail("slices axis " + axis + " of unknown size; only whole unknown axes are"
              + " supported");
        }
        continue;
      }
      start = clamp(start < 0 ? start + size : start, size);
      end = clamp(end < 0 ? end + size : end, size);
      before[axis] = (int) start;
      after[axis] = (int) (size - Math.max(end, start));
    }
    put(crop(x, before, after));
  }

  private static long clamp(long v, int size) {
    return Math.max(0, Math.min(v, size));
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

  private static int[] reversed(int rank) {
    int[] p = new int[rank];
    for (int d = 0; d < rank; d++) {
      p[d] = rank - 1 - d;
    }
    return p;
  }

}
