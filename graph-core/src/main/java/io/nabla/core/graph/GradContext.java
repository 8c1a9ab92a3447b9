package io.nabla.core.graph;

import io.nabla.core.primitive.FillLike;

/**
 * What an op's {@link Op#gradient} sees: the forward node, its inputs and the upstream
 * gradient, all as nodes. Nodes created while the gradient is built are named under
 * {@code grad/<forward node>} and remember the forward node they differentiate.
 */
public final class GradContext {
  private final Node node;
  private final Node upstream;

  public GradContext(Node node, Node upstream) {
    this.node = node;
    this.upstream = upstream;
  }

  /** The forward node; as a value it is the op's output {@code y}. */
  public Node node() {
    return node;
  }

  /** Input {@code index} of the forward node. */
  public Node input(int index) {
    return node.input(index);
  }

  /** Gradient of the loss with respect to the forward node's output ({@code dy}). */
  public Node upstream() {
    return upstream;
  }

  public Graph graph() {
    return node.graph();
  }

  /** A scalar constant in the gradient graph. */
  public Node constant(float value) {
    return graph().constant(value);
  }

  /** Zeros shaped like {@code like} at run time. */
  public Node zerosLike(Node like) {
    return graph().apply(new FillLike(0f), like);
  }

  /** Ones shaped like {@code like} at run time. */
  public Node onesLike(Node like) {
    return graph().apply(new FillLike(1f), like);
  }
}
