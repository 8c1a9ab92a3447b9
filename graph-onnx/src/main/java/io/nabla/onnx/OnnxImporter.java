package io.nabla.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.ModelBuilder;
import io.nabla.onnx.proto.OnnxProto.GraphProto;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import io.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an ONNX model (opsets {@value #MIN_OPSET}–{@value #MAX_OPSET}, float32) as a Nabla
 * {@link Model}: one input per graph input that is not an initializer (its first dimension is
 * the batch), the graph's output, and its float initializers as parameters — trainable, since
 * Nabla differentiates the imported graph like any other — or, for batch norm, running
 * statistics. The whole graph is one layer, scope {@code onnx}.
 *
 * <p>Supported ops: Add, Sub, Mul, Div, Pow, Sum, Relu, LeakyRelu, Elu, Sigmoid, Tanh, Softplus,
 * Exp, Log, Sqrt, Neg, Abs, Sign, MatMul, Gemm (transA, transB, alpha, beta), Conv (2-D: strides,
 * pads or auto_pad SAME_UPPER/VALID, dilations, group, bias), MaxPool, AveragePool,
 * GlobalAveragePool, BatchNormalization (epsilon, momentum), Dropout and Identity, Flatten
 * (any axis), Reshape, Transpose, Concat, Unsqueeze, Squeeze, Pad (constant), Slice (step 1),
 * Softmax, LogSoftmax, ReduceMean, ReduceSum, ReduceMax, Constant, and the Shape, Gather,
 * Cast, Unsqueeze, Concat chains that compute a reshape target from static shapes. Anything
 * else is refused with an {@link OnnxImportException} naming the node; no model is returned.
 */
public final class OnnxImporter {
  public static final int MIN_OPSET = 11;
  public static final int MAX_OPSET = 17;

  private OnnxImporter() {}

  /** Reads {@code file}; a malformed or truncated file is refused, naming it. */
  public static Model read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException("onnx import: " + file + " (" + bytes.length + " bytes) is"
          + " not a valid ONNX protobuf (" + e.getMessage() + "); is it truncated, or not an"
          + " .onnx file?", e);
    }
    return importModel(proto);
  }

  /** Builds the model of {@code proto}, seeded 0 (nothing is drawn: all weights are given). */
  public static Model importModel(ModelProto proto) {
    int opset = opset(proto);
    GraphProto graph = proto.getGraph();
    if (graph.getOutputCount() != 1) {
      throw new OnnxImportException("onnx import: the graph has " + graph.getOutputCount()
          + " outputs; only graphs of one output are supported");
    }
    Set<String> initializers = new HashSet<>();
    graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
    ModelBuilder builder = new ModelBuilder(0);
    List<String> inputNames = new ArrayList<>();
    List<Node> inputs = new ArrayList<>();
    for (ValueInfoProto in : graph.getInputList()) {
      if (!initializers.contains(in.getName())) {
        inputNames.add(in.getName());
        inputs.add(builder.input(in.getName(), featureDims(in)));
      }
    }
    if (inputs.isEmpty()) {
      throw new OnnxImportException("onnx import: the graph has no input that is not an"
          + " initializer");
    }
    Node out = builder.apply("onnx", new OnnxGraphLayer(graph, inputNames, opset),
        inputs.toArray(Node[]::new));
    return builder.output(graph.getOutput(0).getName(), out).build();
  }

  /**
   * Builds the graph of {@code proto} as a bare Nabla graph: placeholders of the declared input
   * shapes (symbolic dimensions unknown), every output, any input rank.
   */
  public static OnnxGraph importGraph(ModelProto proto) {
    int opset = opset(proto);
    GraphProto graph = proto.getGraph();
    Set<String> initializers = new HashSet<>();
    graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
    io.nabla.core.graph.Graph g = new io.nabla.core.graph.Graph();
    java.util.Map<String, Node> inputs = new java.util.LinkedHashMap<>();
    for (ValueInfoProto in : graph.getInputList()) {
      if (!initializers.contains(in.getName())) {
        inputs.put(in.getName(), g.placeholder(in.getName(), declaredDims(in)));
      }
    }
    GraphContext ctx = new GraphContext(g);
    java.util.Map<String, Node> outputs = new OnnxGraphLayer(graph,
        new ArrayList<>(inputs.keySet()), opset).build(new ArrayList<>(inputs.values()), ctx);
    return new OnnxGraph(g, new io.nabla.core.exec.Session(g), java.util.Collections
        .unmodifiableMap(inputs), java.util.Collections.unmodifiableMap(outputs),
        List.copyOf(ctx.parameters()), List.copyOf(ctx.states()));
  }

  private static int[] declaredDims(ValueInfoProto in) {
    if (in.getType().getTensorType().getElemType() != 1) {
      throw new OnnxImportException("onnx import: input '" + in.getName() + "' has element type "
          + in.getType().getTensorType().getElemType() + "; only float32 inputs are supported");
    }
    TensorShapeProto shape = in.getType().getTensorType().getShape();
    int[] dims = new int[shape.getDimCount()];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = shape.getDim(d).hasDimValue() ? (int) shape.getDim(d).getDimValue() : -1;
    }
    return dims;
  }

  private static int opset(ModelProto proto) {
    Integer opset = null;
    for (OperatorSetIdProto o : proto.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = (int) o.getVersion();
      }
    }
    if (opset == null) {
      throw new OnnxImportException("onnx import: the model imports no version of the default"
          + " ONNX opset; is it an ONNX model?");
    }
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new OnnxImportException("onnx import: the model uses opset " + opset + "; supported"
          + " are " + MIN_OPSET + " to " + MAX_OPSET + " (convert it with"
          + " onnx.version_converter.convert_version(model, 17))");
    }
    return opset;
  }

  /** The known dimensions after the batch. */
  private static int[] featureDims(ValueInfoProto in) {
    TensorShapeProto shape = in.getType().getTensorType().getShape();
    if (in.getType().getTensorType().getElemType() != 1) {
      throw new OnnxImportException("onnx import: input '" + in.getName() + "' has element type "
          + in.getType().getTensorType().getElemType() + "; only float32 inputs are supported");
    }
    if (shape.getDimCount() < 2) {
      throw new OnnxImportException("onnx import: input '" + in.getName() + "' has rank "
          + shape.getDimCount() + "; inputs are [batch, features...]");
    }
    int[] dims = new int[shape.getDimCount() - 1];
    for (int d = 1; d < shape.getDimCount(); d++) {
      TensorShapeProto.Dimension dim = shape.getDim(d);
      if (!dim.hasDimValue()) {
        throw new OnnxImportException("onnx import: input '" + in.getName() + "' has an unknown"
            + " dimension " + d + " ('" + dim.getDimParam() + "'); only the first, the batch,"
            + " may be unknown");
      }
      dims[d - 1] = (int) dim.getDimValue();
    }
    return dims;
  }
}
