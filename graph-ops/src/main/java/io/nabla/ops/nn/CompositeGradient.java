package io.nabla.ops.nn;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.primitive.Primitives;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The gradient of a fused op taken from a composite of simpler ops that computes the same
 * function: the composite is built on the op's inputs and autodiff gives its vector-Jacobian
 * product with the upstream gradient. Fused ops use it where speed matters little (second
 * derivatives), so that each formula is written once.
 */
final class CompositeGradient {
  private CompositeGradient() {}

  /**
   * One gradient per input of {@code g}'s node, null for those {@code op} declares not
   * differentiable; {@code composite} maps the inputs to the op's output.
   */
  static List<Node> of(GradContext g, Op op, Function<List<Node>, Node> composite) {
    int n = g.node().inputs().size();
    List<Node> inputs = new ArrayList<>(n);
    List<Node> wrt = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Node in = g.input(i);
      if (op.isDifferentiable(i)) {
        // a stand-in per input, so that each gets its own partial derivative even when one
        // node feeds two inputs, and the gradients autodiff names do not take the names
        // (grad/<input>) that the enclosing differentiation gives
        in = Primitives.identity(in);
        wrt.add(in);
      }
      inputs.add(in);
    }
    List<Node> partials = Autodiff.gradients(composite.apply(inputs), g.upstream(), wrt);
    Node[] result = new Node[n];
    for (int i = 0, k = 0; i < n; i++) {
      if (op.isDifferentiable(i)) {
        result[i] = partials.get(k++);
      }
    }
    return Arrays.asList(result);
  }
}
