package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Stretches {@code x} to the run-time shape of {@code like} by numpy broadcasting. Inputs:
 * {@code (x, like)}; only {@code x} is differentiable. The adjoint of {@link SumLike}.
 */
public final class BroadcastLike implements Op {

  @Override
  public String type() {
    return "broadcast_like";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    ShapeRules.arity(this, inputs, 2);
    Shape x = inputs.get(0);
    Shape like = inputs.get(1);
    boolean ok = x.isKnown() && like.isKnown()
        ? Broadcast.broadcastsTo(x, like)
        : x.rank() <= like.rank() && Broadcast.shapes(x, like).isPresent();
    if (!ok) {
      throw new ShapeException("cannot broadcast " + x.describe() + " to " + like.describe()
          + ": trailing dimensions must be equal or 1");
    }
    return like;
  }

  @Override
  public void compute(OpContext c) {
    float[] xd = c.input(0).data();
    float[] od = c.output().data();
    Shape out = c.output().shape();
    if (out.rank() == 0) {
      od[0] = xd[0];
      return;
    }
    int[][] strides = {Broadcast.strides(c.input(0).shape(), out)};
    int inner = out.dim(-1);
    boolean innerKept = strides[0][out.rank() - 1] != 0;
    Broadcast.forEachRow(out, strides, (oo, offsets) -> {
      int xo = offsets[0];
      if (innerKept) {
        System.arraycopy(xd, xo, od, oo, inner);
      } else {
        Arrays.fill(od, oo, oo + inner, xd[xo]);
      }
    });
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.graph().apply(new SumLike(), g.upstream(), g.input(0)), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
