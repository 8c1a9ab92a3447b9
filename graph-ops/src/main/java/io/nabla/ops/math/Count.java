package io.nabla.ops.math;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.tensor.Shape;
import java.util.Collections;
import java.util.List;

/**
 * A scalar: how many elements of the input a reduction over {@code axes} combines (all axes
 * when none are given), read off the run-time shape. Divides sums into means.
 */
public final class Count extends Reduction {

  public Count(int... axes) {
    super(false, axes);
  }

  @Override
  public String type() {
    return "count";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    super.outputShape(in);
    return Shape.scalar();
  }

  @Override
  public void compute(OpContext c) {
    Shape x = c.input(0).shape();
    long n = 1;
    for (int axis : axesOf(x)) {
      n *= x.dim(axis);
    }
    c.output().data()[0] = n;
  }

  /** Depends only on the input's shape, not on its values. */
  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.singletonList(null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
