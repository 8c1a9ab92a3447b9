package io.nabla.core.pass;

import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.BroadcastLike;
import io.nabla.core.primitive.FillLike;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.StopGradient;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/**
 * Rules for the core primitives, which autodiff leaves behind: an {@code identity} naming a
 * gradient, {@code stop_gradient} (a copy once the gradient is built), {@code add_n} of one
 * input, {@code sum_like}/{@code broadcast_like} to the shape the value already has, and a fill
 * whose shape is known when compiling (the seed {@code ones_like(loss)}) becomes a constant.
 */
public final class Simplification {
  /** Fills larger than this stay computed at run time rather than stored in the plan. */
  static final int MAX_FOLDED_SIZE = 1 << 16;

  private Simplification() {}

  /** The pass applying {@link #rules()}. */
  public static Pass pass() {
    return Pass.of("simplification", rules());
  }

  /** The rules, for a pass of one's own. */
  public static Rule[] rules() {
    return new Rule[] {Simplification::copies, Simplification::sameShapeReductions,
        Simplification::knownFill};
  }

  /** identity(x), stop_gradient(x), add_n(x) → x. */
  static Node copies(Node node, Rewriter r) {
    Op op = node.op();
    boolean copy = op instanceof Identity || op instanceof StopGradient
        || op instanceof AddN && node.inputs().size() == 1;
    return copy ? r.mapped(node.input(0)) : null;
  }

  /** sum_like(x, like), broadcast_like(x, like) → x when x already has like's shape. */
  static Node sameShapeReductions(Node node, Rewriter r) {
    Op op = node.op();
    if ((op instanceof SumLike || op instanceof BroadcastLike)
        && sameShape(node.input(0), node.input(1))) {
      return r.mapped(node.input(0));
    }
    return null;
  }

  /** fill_like(x) with x's shape known when compiling → a constant. */
  static Node knownFill(Node node, Rewriter r) {
    if (node.op() instanceof FillLike fill && node.input(0).shape().isKnown()
        && node.input(0).shape().size() <= MAX_FOLDED_SIZE) {
      return r.constant(Tensor.filled(node.input(0).shape(), fill.value()));
    }
    return null;
  }

  /**
   * Whether {@code a} and {@code b} certainly have one shape at run time: they are one node, or
   * both static shapes are fully known and equal (a partial shape may still differ at run time).
   */
  public static boolean sameShape(Node a, Node b) {
    return a == b || a.shape().isKnown() && a.shape().equals(b.shape());
  }

  /**
   * Whether {@code constant} is a constant with every element equal to {@code value}, and so
   * small a shape (all dimensions 1, rank at most {@code other}'s) that broadcasting it against
   * {@code other} leaves {@code other}'s shape as it is.
   */
  public static boolean isNeutralConstant(Node constant, Node other, float value) {
    if (constant.kind() != NodeKind.CONSTANT) {
      return false;
    }
    Shape s = constant.shape();
    if (s.rank() > other.shape().rank() || s.size() != 1) {
      return false;
    }
    Tensor t = ((Constant) constant.op()).value();
    return Float.floatToIntBits(t.get(0)) == Float.floatToIntBits(value);
  }
}
