package io.nabla.core.exec;

/** A run failed: names the node, its op and shapes, and the forward node of a gradient node. */
public class GraphRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GraphRunException(String message) {
    super(message);
  }

  public GraphRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
