package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.pad;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BlockCopy;
import java.util.List;
import java.util.Map;

/**
 * Removes {@code before[d]} elements from the front of axis d and {@code after[d]} from its back,
 * one amount per axis: {@code out = in − before − after}, also when {@code in} is only known at
 * run time. The inverse of {@link Pad}.
 */
public final class Crop implements Op {
  private final int[] before;
  private final int[] after;

  /** Amounts per axis: arrays of the input's rank, each ≥ 0. */
  public Crop(int[] before, int[] after) {
    Pad.checkAmounts("crop", before, after);
    this.before = before.clone();
    this.after = after.clone();
  }

  public int[] before() {
    return before.clone();
  }

  public int[] after() {
    return after.clone();
  }

  @Override
  public String type() {
    return "crop";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("before", before.clone(), "after", after.clone());
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    Pad.checkRank(x, before);
    int[] d = x.dims();
    for (int a = 0; a < d.length; a++) {
      if (d[a] == Shape.UNKNOWN) {
        continue;
      }
      d[a] -= before[a] + after[a];
      if (d[a] < 0) {
        throw new ShapeException("cannot remove " + before[a] + " + " + after[a]
            + " elements from axis " + a + " of " + x.describe() + ", which has only "
            + x.dim(a) + "; crop less or feed a larger input");
      }
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    Tensor y = c.output();
    BlockCopy.copy(x.data(), x.shape(), before, y.data(), y.shape(), new int[before.length],
        y.shape().dims());
  }

  /** dx = the upstream gradient padded back with zeros where elements were removed. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(pad(g.upstream(), before, after));
  }
}
