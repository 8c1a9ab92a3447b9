package io.nabla.core.graph;

import java.util.List;

/**
 * A node with no inputs whose value comes from outside the computation (a feed, the session's
 * variable state, a stored constant); the executor supplies it instead of computing it.
 */
public abstract sealed class SourceOp implements Op permits Placeholder, Variable, Constant {

  @Override
  public final void compute(OpContext context) {
    throw new IllegalStateException(type() + " '" + context.node().name()
        + "' is supplied by the executor and has nothing to compute");
  }

  /** A source has no inputs, hence no input gradients. */
  @Override
  public final List<Node> gradient(GradContext context) {
    return List.of();
  }
}
