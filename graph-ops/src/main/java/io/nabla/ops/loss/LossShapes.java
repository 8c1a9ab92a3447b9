package io.nabla.ops.loss;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.graph.ShapeException;
import io.nabla.ops.Ops;

/**
 * How a loss pairs its output with its target: they must have one shape, never a broadcast one
 * — {@code [N,1]} against {@code [N]} would otherwise become an {@code [N,N]} difference and
 * train on the wrong objective. The one difference accepted is a trailing size-1 axis on one
 * side ({@code [N,1]} and {@code [N]}, PyTorch's most common mistake), and then the side that
 * has it is read in the other's shape: the pair is compared element by element. Shapes with
 * unknown dims, which could differ at run time, are checked again on every run
 * ({@link SameShape}).
 */
public final class LossShapes {
  private LossShapes() {}

  /**
   * The output and target as a pair of one shape, or a {@link ShapeException} naming the loss,
   * both nodes, their shapes and the fix.
   *
   * @return {@code {output, target}}, one of them reshaped when it alone had a trailing 1
   */
  public static Node[] aligned(String loss, Node output, Node target) {
    Shape o = output.shape();
    Shape t = target.shape();
    if (o.canEqual(t)) {
      if (o.isKnown() && o.equals(t)) {
        return new Node[] {output, target};
      }
      // an unknown dim on either side could differ at run time ([?,?] as [4,1] and [1,4]) and
      // would then broadcast: the target is checked against the output on every run
      Node checked = target.graph().apply(new SameShape(loss + ": target '" + target.name()
          + "' and output '" + output.name() + "'"), target, output);
      return new Node[] {output, checked};
    }
    if (o.rank() == t.rank() + 1 && o.dim(o.rank() - 1) == 1 && dropLast(o).canEqual(t)) {
      return new Node[] {Ops.reshapeLike(output, target), target};
    }
    if (t.rank() == o.rank() + 1 && t.dim(t.rank() - 1) == 1 && o.canEqual(dropLast(t))) {
      return new Node[] {output, Ops.reshapeLike(target, output)};
    }
    throw new ShapeException(loss + ": output '" + output.name() + "' " + o.describe()
        + " and target '" + target.name() + "' " + t.describe() + " must have one shape (one "
        + "target per output element), or differ only by a trailing axis of size 1; a loss "
        + "never broadcasts them. Reshape the target to " + o.describe() + ", or the output to "
        + t.describe());
  }


  private static Shape dropLast(Shape s) {
    int[] dims = new int[s.rank() - 1];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = s.dim(d);
    }
    return Shape.of(dims);
  }
}
