package io.nabla.core.graph;

/**
 * A shape rule was broken. Thrown by {@link Op#outputShape} with what is wrong and how to fix
 * it; the graph and the executor rethrow it with the op and node names in front.
 */
public class ShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ShapeException(String message) {
    super(message);
  }
}
