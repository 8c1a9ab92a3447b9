package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Sums {@code x} down to the run-time shape of {@code like}, undoing a broadcast: the gradient
 * of a broadcast input is the upstream gradient summed over the axes it was stretched along.
 * Inputs: {@code (x, like)}; only {@code x} is differentiable.
 */
public final class SumLike implements Op {

  @Override
  public String type() {
    return "sum_like";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    ShapeRules.arity(this, inputs, 2);
    Shape x = inputs.get(0);
    Shape like = inputs.get(1);
    boolean ok = x.isKnown() && like.isKnown()
        ? Broadcast.broadcastsTo(like, x)
        : like.rank() <= x.rank() && Broadcast.shapes(like, x).isPresent();
    if (!ok) {
      throw new ShapeException("cannot sum " + x.describe() + " down to " + like.describe()
          + ": the target must broadcast to the source");
    }
    return like;
  }

  @Override
  public void compute(OpContext c) {
    sumTo(c.input(0), c.output());
  }

  /**
   * Sums {@code x} into {@code out}, whose shape must broadcast to {@code x}'s: each element of
   * {@code x} is added to the element of {@code out} it would have been broadcast from. Also the
   * kernel of sums over axes (with the reduced axes kept as size 1).
   */
  public static void sumTo(Tensor x, Tensor out) {
    float[] xd = x.data();
    float[] od = out.data();
    Shape xs = x.shape();
    if (xs.equals(out.shape())) {
      System.arraycopy(xd, 0, od, 0, out.size());
      return;
    }
    Arrays.fill(od, 0, out.size(), 0f);
    if (xs.rank() == 0) {
      od[0] = xd[0];
      return;
    }
    int[][] strides = {Broadcast.strides(out.shape(), xs)};
    int inner = xs.dim(-1);
    boolean innerKept = strides[0][xs.rank() - 1] != 0;
    Broadcast.forEachRow(xs, strides, (xo, offsets) -> {
      int oo = offsets[0];
      if (innerKept) {
        for (int i = 0; i < inner; i++) {
          od[oo + i] += xd[xo + i];
        }
      } else {
        float acc = 0f;
        for (int i = 0; i < inner; i++) {
          acc += xd[xo + i];
        }
        od[oo] += acc;
      }
    });
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.graph().apply(new BroadcastLike(), g.upstream(), g.input(0)), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
