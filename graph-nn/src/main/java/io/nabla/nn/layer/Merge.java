package io.nabla.nn.layer;


import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.ops.NnOps;
import io.nabla.ops.Ops;
import java.util.List;

/**
 * A layer joining two or more inputs without parameters: their sum, product or mean (same
 * shapes, or shapes that broadcast), or their concatenation along an axis (the channel axis 1 for
 * images, the feature axis for vectors).
 */
public final class Merge implements Layer {
  private enum Kind { ADD, MULTIPLY, AVERAGE, CONCAT }

  private final Kind how;
  private final int axis;

  private Merge(Kind how, int axis) {
    this.how = how;
    this.axis = axis;
  }

  /** The element-wise sum, e.g. a residual connection. */
  public static Merge add() {
    return new Merge(Kind.ADD, 0);
  }

  /** The element-wise product, e.g. a gate. */
  public static Merge multiply() {
    return new Merge(Kind.MULTIPLY, 0);
  }

  /** The element-wise mean. */
  public static Merge average() {
    return new Merge(Kind.AVERAGE, 0);
  }

  /** The concatenation along {@code axis} (1: channels of images, features of vectors). */
  public static Merge concat(int axis) {
    Preconditions.checkArgument(axis >= 1,
        "concatenate along axis 1 or later (axis 0 is the batch), not %s", axis);
    return new Merge(Kind.CONCAT, axis);
  }

  @Override
  public String kind() {
    return how.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Node apply(Node input, LayerContext ctx) {
    return apply(List.of(input), ctx);
  }

  @Override
  public Node apply(List<Node> inputs, LayerContext ctx) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("a " + kind() + " merge joins two or more inputs, not "
          + inputs.size() + "; apply it to several nodes");
    }
    if (how == Kind.CONCAT) {
      return NnOps.concat(axis, inputs);
    }
    Node acc = inputs.get(0);
    for (int i = 1; i < inputs.size(); i++) {
      acc = how == Kind.MULTIPLY ? Ops.mul(acc, inputs.get(i)) : Ops.add(acc, inputs.get(i));
    }
    return how == Kind.AVERAGE ? Ops.mul(acc, 1f / inputs.size()) : acc;
  }
}
