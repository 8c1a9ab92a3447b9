package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.layer.Layer;
import io.nabla.nn.layer.Merge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as any DAG of layers, Keras-functional style: declare inputs, apply layers to nodes,
 * merge branches, name the outputs, build.
 *
 * <pre>{@code
 * ModelBuilder net = new ModelBuilder(42);
 * Node image = net.input("image", 1, 28, 28);
 * Node size = net.input("size", 1);
 * Node h = net.apply(new Conv(8, 3).padding(1), image);
 * h = net.apply(new Flatten(), net.apply(Activation.relu(), h));
 * Node both = net.apply(Merge.concat(1), h, size);
 * net.output("class", net.apply(new Dense(10), both));
 * net.output("price", net.apply(new Dense(1), both));
 * Model m = net.build();
 * }</pre>
 *
 * Each application gets a scope named after its kind and count ({@code conv1}) or the name
 * given. Applying the same layer object again shares its parameters with the first application
 * (siamese networks, tied weights); a new object gets new ones. Plain ops ({@code Ops.relu(h)})
 * may be used between layers: they build in the same graph.
 */
public final class ModelBuilder {
  private final Graph graph = new Graph();
  private final BuildContext ctx;
  private final Map<String, Node> inputs = new LinkedHashMap<>();
  private final Map<String, Node> outputs = new LinkedHashMap<>();
  private final List<LayerInfo> layers = new ArrayList<>();
  /** Which layer (or input) made each node, for the summary's "connected to" column. */
  private final Map<Node, String> madeBy = new HashMap<>();
  private boolean built;

  /** A builder whose parameters are drawn from a random source seeded with {@code seed}. */
  public ModelBuilder(long seed) {
    this.ctx = new BuildContext(graph, seed);
  }

  /** The graph being built, for plain ops between layers. */
  public Graph graph() {
    return graph;
  }

  /**
   * An input of examples of shape {@code featureDims}; the batch dimension is added in front,
   * so the node is {@code [?, …featureDims]}.
   */
  public Node input(String name, int... featureDims) {
    checkOpen();
    Preconditions.checkNotNull(name, "input name is null");
    Shape s = Shape.of(featureDims);
    Preconditions.checkArgument(s.isKnown() && s.rank() >= 1,
        "the shape of one example of input '%s' must be known, e.g. (784) or (1, 28, 28), not %s",
        name, s);
    Preconditions.checkArgument(!inputs.containsKey(name), "there is already an input '%s'",
        name);
    int[] dims = new int[s.rank() + 1];
    dims[0] = Shape.UNKNOWN;
    System.arraycopy(s.dims(), 0, dims, 1, s.rank());
    Node x = graph.placeholder(name, dims);
    inputs.put(name, x);
    madeBy.put(x, name);
    return x;
  }

  /** Applies {@code layer} to {@code inputs} in a scope named after its kind and count. */
  public Node apply(Layer layer, Node... inputs) {
    return apply(null, layer, inputs);
  }

  /** Applies {@code layer} to {@code inputs} in the scope {@code name} (null: automatic). */
  public Node apply(String name, Layer layer, Node... inputs) {
    checkOpen();
    Preconditions.checkNotNull(layer, "layer is null");
    Preconditions.checkArgument(inputs.length >= 1, "apply %s to at least one node",
        layer.kind());
    List<Node> in = Arrays.asList(inputs);
    for (Node n : in) {
      Preconditions.checkNotNull(n, "an input of layer %s is null", layer.kind());
      if (!graph.owns(n)) {
        throw new IllegalArgumentException("layer " + (name != null ? "'" + name + "' " : "")
            + "(" + layer.kind() + ") is applied to node '" + n.name() + "', which belongs to"
            + " another graph (another model or builder); apply layers only to this builder's"
            + " inputs and to the outputs of layers applied with it");
      }
    }
    int before = ctx.parameters().size();
    String scope = ctx.scopeName(name, layer);
    Node out;
    try {
      out = ctx.buildIn(scope, layer, in);
    } catch (ShapeException e) {
      throw new ShapeException("layer " + (layers.size() + 1) + " '" + scope + "' (" + layer.kind() + ") does not fit its"
          + " input" + (in.size() == 1 ? " " : "s ")
          + String.join(", ", in.stream().map(n -> n.shape().describe()).toList()) + ": "
          + e.getMessage());
    }
    long params = ctx.parameters().subList(before, ctx.parameters().size()).stream()
        .mapToLong(p -> p.variable().shape().size()).sum();
    List<String> from = in.stream().map(n -> madeBy.getOrDefault(n, n.name())).toList();
    layers.add(new LayerInfo(scope, layer.kind(), out, params, from));
    madeBy.put(out, scope);
    return out;
  }

  /** The element-wise sum of {@code nodes} (a {@link Merge#add()} layer). */
  public Node add(Node... nodes) {
    return apply(Merge.add(), nodes);
  }

  /** The concatenation of {@code nodes} along axis 1, channels or features. */
  public Node concat(Node... nodes) {
    return apply(Merge.concat(1), nodes);
  }

  /** The element-wise product of {@code nodes}. */
  public Node multiply(Node... nodes) {
    return apply(Merge.multiply(), nodes);
  }

  /** The element-wise mean of {@code nodes}. */
  public Node average(Node... nodes) {
    return apply(Merge.average(), nodes);
  }

  /** Makes {@code node} an output of the model, named {@code name} (losses and metrics use it). */
  public ModelBuilder output(String name, Node node) {
    checkOpen();
    Preconditions.checkNotNull(name, "output name is null");
    Preconditions.checkNotNull(node, "output '%s' is null", name);
    Preconditions.checkArgument(!outputs.containsKey(name), "there is already an output '%s'",
        name);
    Preconditions.checkArgument(graph.owns(node),
        "output '%s' is node '%s' of another graph; an output must be built with this builder",
        name, node.name());
    outputs.put(name, node);
    return this;
  }

  /**
   * The model of the inputs and outputs declared so far.
   *
   * @throws IllegalStateException when there is no input or output, an output depends on no
   *     input, or an input is used by no output
   */
  public Model build() {
    checkOpen();
    Preconditions.checkState(!inputs.isEmpty(), "a model needs an input: input(name, dims…)");
    Preconditions.checkState(!outputs.isEmpty(),
        "a model needs an output: output(name, node) after applying its layers");
    Set<Node> used = new HashSet<>();
    outputs.forEach((name, out) -> {
      Set<Node> deps = Dependencies.placeholders(out);
      if (deps.stream().noneMatch(inputs::containsValue)) {
        throw new IllegalStateException("output '" + name + "' (node '" + out.name() + "') does"
            + " not depend on any input (" + String.join(", ", inputs.keySet()) + "); it would"
            + " be the same for every example — build it from an input");
      }
      used.addAll(deps);
    });
    for (Map.Entry<String, Node> in : inputs.entrySet()) {
      if (!used.contains(in.getValue())) {
        throw new IllegalStateException("input '" + in.getKey() + "' is used by no output ("
            + String.join(", ", outputs.keySet()) + "); remove it or build an output from it");
      }
    }
    built = true;
    return new Model(graph, inputs, outputs, ctx.parameters(), ctx.states(),
        ctx.runningAverages(), layers);
  }

  private void checkOpen() {
    Preconditions.checkState(!built, "this builder has built its model; start a new ModelBuilder");
  }
}
