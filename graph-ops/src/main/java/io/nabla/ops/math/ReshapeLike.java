package io.nabla.ops.math;

import static io.nabla.ops.Ops.reshapeLike;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The elements of {@code x} in the run-time shape of {@code like}, which must hold as many.
 * Inputs {@code (x, like)}; {@code like} gives only its shape. The gradient of a reshape.
 */
public final class ReshapeLike implements Op {

  @Override
  public String type() {
    return "reshape_like";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape x = in.get(0);
    Shape like = in.get(1);
    if (x.isKnown() && like.isKnown() && x.size() != like.size()) {
      throw new ShapeException("cannot reshape " + x.describe() + " like " + like.describe()
          + ": element counts differ");
    }
    return like;
  }

  @Override
  public void compute(OpContext c) {
    System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(reshapeLike(g.upstream(), g.input(0)), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
