package io.nabla.core.graph;

import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import java.util.List;

/** Shape rules that many ops share, each failing with a {@link ShapeException} that says why. */
public final class ShapeRules {
  private ShapeRules() {}

  /** Fails unless exactly {@code n} inputs were given. */
  public static void arity(Op op, List<Shape> inputs, int n) {
    if (inputs.size() != n) {
      throw new ShapeException("takes " + n + " input" + (n == 1 ? "" : "s") + " but was given "
          + inputs.size());
    }
  }

  /** One input; the output has its shape. */
  public static Shape unary(Op op, List<Shape> inputs) {
    arity(op, inputs, 1);
    return inputs.get(0);
  }

  /** Two inputs broadcast numpy-style; the output has the broadcast shape. */
  public static Shape broadcast(Op op, List<Shape> inputs) {
    arity(op, inputs, 2);
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    return Broadcast.shapes(a, b).orElseThrow(() -> new ShapeException(
        "shapes do not broadcast: a " + a.describe() + " and b " + b.describe()
            + "; trailing dimensions must be equal or 1. Reshape one side, or add the missing"
            + " axis as a dimension of size 1"));
  }

  /** Fails unless {@code shape} has rank {@code rank}. */
  public static void rank(String what, Shape shape, int rank) {
    if (shape.rank() != rank) {
      throw new ShapeException(what + " must have rank " + rank + " but is " + shape.describe());
    }
  }

  /**
   * Normalises axes against {@code rank} (negative axes count from the end) and fails on one
   * out of range or repeated. Returns a mask: {@code mask[d]} is true when d is one of the axes.
   */
  public static boolean[] axesMask(int[] axes, int rank, Shape shape) {
    boolean[] mask = new boolean[rank];
    for (int axis : axes) {
      int a = axis < 0 ? axis + rank : axis;
      if (a < 0 || a >= rank) {
        throw new ShapeException("axis " + axis + " is out of range for " + shape.describe()
            + "; valid axes are " + (-rank) + " to " + (rank - 1));
      }
      if (mask[a]) {
        throw new ShapeException("axis " + axis + " is given twice");
      }
      mask[a] = true;
    }
    return mask;
  }
}
