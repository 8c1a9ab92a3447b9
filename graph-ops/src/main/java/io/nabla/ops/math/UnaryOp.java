package io.nabla.ops.math;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;

/** An element-wise function of one tensor: the output has the input's shape. */
public abstract class UnaryOp implements Op {
  /** Below this many elements a map runs on one thread. */
  private static final int GRAIN = 1 << 15;

  @Override
  public final Shape outputShape(List<Shape> inputs) {
    return ShapeRules.unary(this, inputs);
  }

  @Override
  public final void compute(OpContext c) {
    float[] x = c.input(0).data();
    float[] y = c.output().data();
    Parallel.range(c.output().size(), GRAIN, (from, to) -> map(x, y, from, to));
  }

  /** Writes {@code y[i] = f(x[i])} for {@code i} in {@code [from, to)}. */
  protected abstract void map(float[] x, float[] y, int from, int to);
}
