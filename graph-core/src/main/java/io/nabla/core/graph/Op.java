package io.nabla.core.graph;

import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.Map;

/**
 * An operation: the extension point of Nabla. One small, immutable class per op states in one
 * place its name and attributes, its shape rule, its forward computation and its gradient.
 *
 * <pre>{@code
 * // y = max(x, 0), element-wise.
 * public final class Relu implements Op {
 *   public String type() { return "relu"; }
 *   public Shape outputShape(List<Shape> in) { return ShapeRules.unary(this, in); }
 *   public void compute(OpContext c) { ... write c.output() from c.input(0) ... }
 *   public List<Node> gradient(GradContext g) {
 *     return List.of(mul(g.upstream(), heaviside(g.input(0))));
 *   }
 * }
 * }</pre>
 */
public interface Op {

  /** Short lower-case name shown in DOT dumps, printouts and errors, e.g. {@code matmul}. */
  String type();

  /**
   * The op's attributes (stride, axes, …) for printouts; empty by default. They must hold every
   * setting that changes the result: plan passes treat two nodes of one op class with equal
   * attributes and the same inputs as one computation.
   */
  default Map<String, Object> attributes() {
    return Map.of();
  }

  /**
   * Whether the output depends on the run rather than only on the input values and attributes:
   * on the training flag ({@link OpContext#training()}) or the node's random stream
   * ({@link OpContext#random()}). Plan passes never merge such a node with another one nor
   * compute it at compile time. An op that reads either must return true; the executor refuses
   * the read otherwise.
   */
  default boolean dependsOnRun() {
    return false;
  }

  /**
   * The output shape for the given input shapes, or a {@link ShapeException} saying what is
   * wrong and how to fix it. Called when a node is built (shapes may hold unknown dimensions,
   * see {@link Shape#UNKNOWN}) and again at run time with concrete shapes.
   */
  Shape outputShape(List<Shape> inputs);

  /** Writes the output into {@link OpContext#output()}, which the executor allocated. */
  void compute(OpContext context);

  /**
   * Symbolic gradient: builds graph nodes, computes nothing. Returns one node per input, the
   * gradient of the loss with respect to that input, given {@link GradContext#upstream()}, the
   * gradient with respect to this node's output. The entry of an input that is not
   * differentiable (see {@link #isDifferentiable(int)}) must be {@code null}; a returned
   * gradient may have the broadcast shape of the output, autodiff sums it back to the input's
   * shape.
   */
  List<Node> gradient(GradContext context);

  /** Whether input {@code index} has a gradient; an integer-valued input, say, has none. */
  default boolean isDifferentiable(int index) {
    return true;
  }
}
