package io.nabla.testing.fuzz;

import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FuzzGraph} made into a real graph: the node of each entry, the output, and the values
 * of the differentiable and of the merely fed leaves.
 */
public record BuiltGraph(Graph graph, List<Node> nodes, Node output, Map<Node, Tensor> wrt,
    Map<Node, Tensor> fed, boolean training) {

  /** The run options of every evaluation of this graph: its mode and a fixed seed. */
  public RunOptions options(long seed) {
    return (training ? RunOptions.forTraining() : RunOptions.forInference()).withSeed(seed);
  }

  /** Every leaf's value, keyed by its placeholder. */
  public Map<Node, Tensor> feeds() {
    Map<Node, Tensor> all = new HashMap<>(fed);
    all.putAll(wrt);
    return all;
  }

  /** The value of every entry's node (leaves included), in entry order. */
  public List<Tensor> evaluate(long seed) {
    Map<Node, Tensor> feeds = feeds();
    var results = new Session(graph).compile(nodes, feeds.keySet()).run(feeds, options(seed));
    List<Tensor> values = new ArrayList<>();
    for (Node n : nodes) {
      values.add(results.get(n).copy());
    }
    return values;
  }
}
