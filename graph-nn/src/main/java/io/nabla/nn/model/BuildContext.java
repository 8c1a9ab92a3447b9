package io.nabla.nn.model;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.LayerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The {@link LayerContext} of one model being built: collects parameters and statistics. */
final class BuildContext implements LayerContext {
  private final Graph graph;
  private final Random random;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Node> states = new ArrayList<>();
  private final List<RunningAverage> averages = new ArrayList<>();
  private final Map<String, Integer> counters = new HashMap<>();

  BuildContext(Graph graph, long seed) {
    this.graph = graph;
    this.random = new Random(seed);
  }

  /** {@code conv1}, {@code conv2}, … per kind, counted separately inside each block. */
  String autoName(String kind) {
    String key = currentPrefix() + kind;
    int n = counters.merge(key, 1, Integer::sum);
    return kind + n;
  }

  private String currentPrefix() {
    return graph.scopePrefix();
  }

  @Override
  public Graph graph() {
    return graph;
  }

  @Override
  public Node parameter(String name, Shape shape, Initializer init, int fanIn, int fanOut,
      boolean decays) {
    Tensor value = init.create(shape, fanIn, fanOut, random);
    Node v = graph.variable(name, value);
    parameters.add(new Parameter(v, decays));
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
    averages.add(new RunningAverage(state, batchValue, momentum, sampleCount));
  }

  @Override
  public Node apply(Layer layer, Node input) {
    try (Scope s = graph.scope(autoName(layer.kind()))) {
      return layer.apply(input, this);
    }
  }

  List<Parameter> parameters() {
    return parameters;
  }

  List<Node> states() {
    return states;
  }

  List<RunningAverage> runningAverages() {
    return averages;
  }
}
