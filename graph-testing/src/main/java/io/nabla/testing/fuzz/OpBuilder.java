package io.nabla.testing.fuzz;

import io.nabla.core.graph.Node;
import java.util.List;

/**
 * Adds one step of a random graph to the graph of its inputs: an op (or a small composite such as
 * {@code softplus(x) + 0.5}) with attributes fixed when the step was drawn. Attributes that depend
 * on sizes (a reshape's target) are computed from the inputs' shapes, so the step still applies
 * after the shrinker made the inputs smaller.
 */
@FunctionalInterface
public interface OpBuilder {
  /** The step's output node; may throw when the inputs' shapes do not suit it. */
  Node build(List<Node> inputs);
}
