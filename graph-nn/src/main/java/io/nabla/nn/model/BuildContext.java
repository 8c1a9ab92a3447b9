package io.nabla.nn.model;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.LayerContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@link LayerContext} of one model being built: names layers, collects parameters and
 * statistics, and shares the parameters of a layer object applied more than once.
 *
 * <p>Sharing works by scope: the first application of a layer with parameters records its scope
 * ({@code enc/}); a later one builds its nodes in a scope of its own ({@code enc_2/}) and, while
 * it builds, a parameter or state asked for as {@code enc_2/…} is the one made as {@code enc/…}.
 * Nested layers follow, because a block makes the same layers in the same order every time.
 */
final class BuildContext implements LayerContext {
  private final Graph graph;
  private final Random random;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Node> states = new ArrayList<>();
  private final List<RunningAverage> averages = new ArrayList<>();
  private final Map<String, Integer> counters = new HashMap<>();
  /** The scope prefix of the first application of each layer object that made variables. */
  private final Map<Layer, String> firstScope = new IdentityHashMap<>();
  private final Map<Layer, Integer> applications = new IdentityHashMap<>();
  /** Active re-applications, innermost first: {prefix now, prefix of the first application}. */
  private final Deque<String[]> sharing = new ArrayDeque<>();

  BuildContext(Graph graph, long seed) {
    this.graph = graph;
    this.random = new Random(seed);
  }

  /** {@code conv1}, {@code conv2}, … per kind, counted separately inside each block. */
  String autoName(String kind) {
    String key = graph.scopePrefix() + kind;
    int n = counters.merge(key, 1, Integer::sum);
    return kind + n;
  }

  /**
   * Builds {@code layer} on {@code inputs} in a scope named {@code name} (null: automatic), sharing
   * its variables with an earlier application of the same object.
   */
  Node build(String name, Layer layer, List<Node> inputs) {
    return buildIn(scopeName(name, layer), layer, inputs);
  }

  /**
   * The scope of the next application of {@code layer}: {@code name} when given, else
   * {@code first_k} for the k-th application of a layer with variables, else kind and count.
   */
  String scopeName(String name, Layer layer) {
    String first = firstScope.get(layer);
    return name != null ? name
        : first != null ? trimSlash(first.substring(graph.scopePrefix().length()))
            + "_" + applications.merge(layer, 1, Integer::sum)
        : autoName(layer.kind());
  }

  /** Builds {@code layer} on {@code inputs} in the scope {@code scope} (see {@link #scopeName}). */
  Node buildIn(String scope, Layer layer, List<Node> inputs) {
    String first = firstScope.get(layer);
    int variablesBefore = parameters.size() + states.size();
    try (Scope s = graph.scope(scope)) {
      String prefix = graph.scopePrefix();
      if (first != null) {
        sharing.push(new String[] {prefix, first});
      }
      try {
        return layer.apply(inputs, this);
      } finally {
        if (first != null) {
          sharing.pop();
        } else if (parameters.size() + states.size() > variablesBefore) {
          firstScope.put(layer, prefix);
          applications.put(layer, 1);
        }
      }
    }
  }

  private static String trimSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  @Override
  public Graph graph() {
    return graph;
  }

  @Override
  public Node parameter(String name, Shape shape, Initializer init, int fanIn, int fanOut,
      boolean decays) {
    Node shared = shared(name, shape);
    if (shared != null) {
      return shared;
    }
    Tensor value = init.create(shape, fanIn, fanOut, random);
    Node v = graph.variable(name, value);
    parameters.add(new Parameter(v, decays));
    return v;
  }

  @Override
  public Node state(String name, Tensor initial) {
    Node shared = shared(name, initial.shape());
    if (shared != null) {
      return shared;
    }
    Node v = graph.variable(name, initial);
    states.add(v);
    return v;
  }

  /** The variable of the first application when a layer is applied again, else null. */
  private Node shared(String name, Shape shape) {
    if (sharing.isEmpty()) {
      return null;
    }
    String full = graph.scopePrefix() + name;
    for (String[] map : sharing) {
      if (full.startsWith(map[0])) {
        String original = map[1] + full.substring(map[0].length());
        Node v = graph.find(original).orElseThrow(() -> new IllegalStateException("layer scope '"
            + trimSlash(map[0]) + "' applies a layer again but asks for a variable '" + name
            + "' that its first application '" + trimSlash(map[1]) + "' did not make; a layer"
            + " must make the same variables each time it is applied"));
        if (!v.shape().equals(shape)) {
          throw new ShapeException("layer scope '" + trimSlash(map[0]) + "' shares the weights"
              + " of '" + trimSlash(map[1]) + "', but its input needs '" + name + "' of "
              + shape.describe() + " where the shared one is " + v.shape().describe()
              + "; apply a shared layer only to inputs of the same shape (or use a new layer"
              + " object)");
        }
        return v;
      }
    }
    return null;
  }

  @Override
  public void runningAverage(Node state, Node batchValue, float momentum, Node sampleCount) {
    averages.add(new RunningAverage(state, batchValue, momentum, sampleCount));
  }

  @Override
  public Node apply(Layer layer, Node... inputs) {
    return build(null, layer, Arrays.asList(inputs));
  }

  @Override
  public Node apply(String name, Layer layer, List<Node> inputs) {
    return build(name, layer, inputs);
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
