package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.Map;

/** The fetched values of one run; the tensors belong to the caller. */
public final class Results {
  private final Map<Node, Tensor> values;

  Results(Map<Node, Tensor> values) {
    this.values = values;
  }

  /** The value of a fetched node. */
  public Tensor get(Node node) {
    Tensor t = values.get(node);
    if (t == null) {
      // not Preconditions: the list of fetches would be built on every call
      throw new IllegalArgumentException("'" + node.name() + "' was not fetched by this run;"
          + " fetched: " + values.keySet().stream().map(Node::name).toList());
    }
    return t;
  }

  /** The value of a fetched single-element node, e.g. a loss. */
  public float scalar(Node node) {
    return get(node).item();
  }
}
