package io.nabla.onnx;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.LayerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A layer context over a bare graph, for {@link OnnxImporter#importGraph}: parameters and states
 * are plain variables (their initial values are given, so nothing is drawn), and running
 * averages are recorded for a caller who trains with them, not applied.
 */
final class GraphContext implements LayerContext {
  private final Graph graph;
  private final List<Node> parameters = new ArrayList<>();
  private final List<Node> states = new ArrayList<>();

  GraphContext(Graph graph) {
    this.graph = graph;
  }

  @Override
  public Graph graph() {
    return graph;
  }

  @Override
  public Node parameter(String name, Shape shape, Initializer init, int fanIn, int fanOut,
      boolean decays) {
    Node v = graph.variable(name, init.create(shape, fanIn, fanOut, new Random(0)));
    parameters.add(v);
    return v;
  }

  @Override
  public Node state(String name, Tensor initial) {
    Node v = graph.variable(name, initial);
    states.add(v);
    return v;
  }

  @Override
  public void runningAverage(Node state, Node batchValue, float momentum, Node sampleCount) {
    // inference graphs: batch norm reads the running statistics, which stay as imported
  }

  @Override
  public Node apply(Layer layer, Node... inputs) {
    return layer.apply(List.of(inputs), this);
  }

  @Override
  public Node apply(String name, Layer layer, List<Node> inputs) {
    return layer.apply(inputs, this);
  }

  List<Node> parameters() {
    return parameters;
  }

  List<Node> states() {
    return states;
  }
}
