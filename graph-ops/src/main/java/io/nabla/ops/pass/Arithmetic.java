package io.nabla.ops.pass;

import static io.nabla.core.pass.Simplification.isNeutralConstant;
import static io.nabla.core.pass.Simplification.sameShape;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.pass.Pass;
import io.nabla.core.pass.Rewriter;
import io.nabla.core.pass.Rule;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.Div;
import io.nabla.ops.math.Mul;
import io.nabla.ops.math.Reshape;
import io.nabla.ops.math.ReshapeLike;
import io.nabla.ops.math.Sub;

/**
 * Algebraic identities of the standard ops, notably what the gradient seed leaves once folded
 * to a constant 1: {@code x·1}, {@code 1·x}, {@code x/1}, {@code x−0}, {@code x+0},
 * {@code 0+x}, and reshapes to the shape the value already has. The neutral operand must be a
 * constant of one element that does not widen {@code x} by broadcasting. All are exact, except
 * that {@code x+0} turns a −0 into +0.
 */
public final class Arithmetic {
  private Arithmetic() {}

  /** The pass. */
  public static Pass pass() {
    return Pass.of("arithmetic", rules());
  }

  /** The rules, for a pass of one's own. */
  public static Rule[] rules() {
    return new Rule[] {Arithmetic::neutralOperand, Arithmetic::sameShapeReshape};
  }

  static Node neutralOperand(Node node, Rewriter r) {
    Op op = node.op();
    if (node.inputs().size() != 2) {
      return null;
    }
    Node a = node.input(0);
    Node b = node.input(1);
    Node ma = r.mapped(a);
    Node mb = r.mapped(b);
    if (op instanceof Mul) {
      return isNeutralConstant(mb, a, 1f) ? ma : isNeutralConstant(ma, b, 1f) ? mb : null;
    }
    if (op instanceof Add) {
      return isNeutralConstant(mb, a, 0f) || isNeutralConstant(mb, a, -0f) ? ma
          : isNeutralConstant(ma, b, 0f) || isNeutralConstant(ma, b, -0f) ? mb : null;
    }
    if (op instanceof Div) {
      return isNeutralConstant(mb, a, 1f) ? ma : null;
    }
    if (op instanceof Sub) {
      return isNeutralConstant(mb, a, 0f) ? ma : null;
    }
    return null;
  }

  /** reshape(x) to x's own shape, reshape_like(x, like) with like shaped as x → x. */
  static Node sameShapeReshape(Node node, Rewriter r) {
    Op op = node.op();
    if (op instanceof Reshape && sameShape(node.input(0), node)
        || op instanceof ReshapeLike && sameShape(node.input(0), node.input(1))) {
      return r.mapped(node.input(0));
    }
    return null;
  }
}
