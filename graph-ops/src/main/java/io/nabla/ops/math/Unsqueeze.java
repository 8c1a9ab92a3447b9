package io.nabla.ops.math;

import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Inserts dimensions of size 1 so that they sit at {@code axes} of the output; the inverse of
 * a reduction without kept dimensions.
 */
public final class Unsqueeze implements Op {
  private final int[] axes;

  public Unsqueeze(int... axes) {
    this.axes = axes.clone();
  }

  @Override
  public String type() {
    return "unsqueeze";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("axes", Arrays.toString(axes));
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    int rank = x.rank() + axes.length;
    for (int axis : axes) {
      // axes count in the output, so the valid range comes from the output's rank
      if (axis < -rank || axis >= rank) {
        throw new ShapeException("axis " + axis + " is out of range: inserting " + axes.length
            + " axis into " + x.describe() + " gives rank " + rank + ", so valid axes are "
            + (-rank) + " to " + (rank - 1));
      }
    }
    boolean[] inserted = ShapeRules.axesMask(axes, rank, x);
    int[] d = new int[rank];
    for (int i = 0, k = 0; i < rank; i++) {
      d[i] = inserted[i] ? 1 : x.dim(k++);
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
  }

  /** Summing over the inserted size-1 axes removes them again. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(sum(g.upstream(), false, axes));
  }
}
