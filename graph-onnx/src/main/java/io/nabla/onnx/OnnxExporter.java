package io.nabla.onnx;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.io.AtomicFile;
import io.nabla.nn.model.Model;
import io.nabla.onnx.proto.OnnxProto.GraphProto;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import io.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import io.nabla.onnx.proto.OnnxProto.TypeProto;
import io.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the inference computation of a Nabla model (or of any outputs of a graph) as an ONNX
 * model: opset {@value #OPSET}, IR version {@value #IR_VERSION}, float32. Inputs keep their
 * names and shapes, an unknown batch dimension becoming the symbolic {@code batch}; variables
 * (with the session's current values) and constants become initializers; ONNX nodes are named
 * after the Nabla nodes they compute, and the outputs are named as the model names them. Only
 * what the outputs need in an inference run is written: batch norm with its running statistics,
 * dropout as nothing.
 *
 * <pre>{@code
 * OnnxExporter.standard().write(model, Path.of("lenet.onnx"));
 * }</pre>
 *
 * <p>Each op class maps to ONNX through an {@link OpExporter}; {@link #with} adds or replaces
 * one, so custom ops can be exported. An op without one fails the export, naming the node.
 * Instances are immutable and may be shared.
 */
public final class OnnxExporter {
  /** The ONNX operator set the standard mappings are written for. */
  public static final int OPSET = 17;
  /** The ONNX IR version of opset 17 (ONNX 1.12). */
  public static final int IR_VERSION = 8;
  /** The name of a symbolic unknown first dimension. */
  public static final String BATCH = "batch";

  private final Map<Class<? extends Op>, OpExporter> exporters;

  private OnnxExporter(Map<Class<? extends Op>, OpExporter> exporters) {
    this.exporters = Map.copyOf(exporters);
  }

  /** The mappings of every op of graph-core's primitives and graph-ops' library. */
  public static OnnxExporter standard() {
    Map<Class<? extends Op>, OpExporter> m = new HashMap<>();
    MathExporters.register(m);
    NnExporters.register(m);
    DecoderExporters.register(m);
    return new OnnxExporter(m);
  }

  /** This exporter with {@code exporter} for nodes whose op is exactly of class {@code op}. */
  public OnnxExporter with(Class<? extends Op> op, OpExporter exporter) {
    Preconditions.checkNotNull(op, "the op class is null");
    Preconditions.checkNotNull(exporter, "the exporter of %s is null", op.getName());
    Map<Class<? extends Op>, OpExporter> m = new HashMap<>(exporters);
    m.put(op, exporter);
    return new OnnxExporter(m);
  }

  /** Whether nodes of op class {@code op} can be exported. */
  public boolean supports(Class<? extends Op> op) {
    return exporters.containsKey(op);
  }

  /** The model's inputs and outputs, by their names, with the parameters' current values. */
  public ModelProto export(Model model) {
    Preconditions.checkNotNull(model, "the model is null");
    return export(model.session(), model.inputs(), model.outputs());
  }

  /**
   * The computation of {@code outputs} from {@code inputs} (placeholders) in {@code session}'s
   * graph, in an inference run; variables take their current values in the session. The maps'
   * keys are the ONNX names of the inputs and outputs.
   *
   * @throws OnnxExportException when a node has no ONNX mapping, or an output needs a
   *     placeholder that is not an input
   */
  public ModelProto export(Session session, Map<String, Node> inputs, Map<String, Node> outputs) {
    Preconditions.checkNotNull(session, "the session is null");
    Preconditions.checkArgument(!outputs.isEmpty(), "onnx export: no outputs to export");
    Map<Node, String> inputNames = new LinkedHashMap<>();
    inputs.forEach((name, node) -> {
      Preconditions.checkArgument(node.kind() == NodeKind.PLACEHOLDER,
          "onnx export: input '%s' is %s, not a placeholder", name, node.describe());
      inputNames.put(node, name);
    });
    GraphExport export = new GraphExport(exporters, inputNames, session::value);
    GraphProto.Builder graph = export.graph().setName("nabla");
    inputNames.forEach((node, name) -> graph.addInput(valueInfo(name, node.shape())));
    Map<String, String> outputValues = new LinkedHashMap<>();
    outputs.forEach((name, node) -> outputValues.put(name, export.value(node)));
    outputs.forEach((name, node) -> {
      String value = outputValues.get(name);
      if (!value.equals(name)) {
        Preconditions.checkArgument(!export.hasName(name), "onnx export: output name '%s' is"
            + " already the name of another value of the graph; name the output otherwise",
            name);
        export.addNode("Identity", name, java.util.List.of(value));
      }
      graph.addOutput(valueInfo(name, node.shape()));
    });
    for (TensorProto t : export.initializers()) {
      graph.addInitializer(t);
    }
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Nabla")
        .setProducerVersion(version()).setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .build();
  }

  /** Exports {@code model} and writes it to {@code file} atomically. */
  public void write(Model model, Path file) throws IOException {
    write(export(model), file);
  }

  /**
   * Writes an ONNX model to {@code file} atomically: a crash leaves the old file or the whole
   * new one, never a part.
   */
  public static void write(ModelProto model, Path file) throws IOException {
    byte[] bytes = model.toByteArray();
    AtomicFile.write(file, channel -> {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }

  private static ValueInfoProto valueInfo(String name, Shape shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (int d = 0; d < shape.rank(); d++) {
      int size = shape.dim(d);
      if (size == Shape.UNKNOWN) {
        dims.addDimBuilder().setDimParam(d == 0 ? BATCH : name + "_dim" + d);
      } else {
        dims.addDimBuilder().setDimValue(size);
      }
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dims))).build();
  }

  private static String version() {
    String v = OnnxExporter.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
