package io.nabla.ops.math;

import static io.nabla.ops.Ops.reluGrad;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ElementwiseKernel;
import java.util.List;

/**
 * The gradient of ReLU in one pass: {@code dx = dy where x > 0, else 0}. Inputs {@code (dy, x)}
 * of one shape. Equal to {@code dy · heaviside(x)} but reads each value once and writes no mask.
 */
public final class ReluGrad implements Op {
  private static final int GRAIN = 1 << 15;

  @Override
  public String type() {
    return "relu_grad";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape dy = in.get(0);
    Shape x = in.get(1);
    if (!dy.equals(x) && !(dy.rank() == x.rank() && dy.accepts(fill(x, dy)))) {
      throw new ShapeException("dy " + dy.describe() + " and x " + x.describe()
          + " must have one shape");
    }
    return x.isKnown() ? x : dy;
  }

  /** {@code x} with its unknown dims taken from {@code other}, to compare known dims only. */
  private static Shape fill(Shape x, Shape other) {
    int[] d = x.dims();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == Shape.UNKNOWN) {
        d[i] = other.dim(i) == Shape.UNKNOWN ? 1 : other.dim(i);
      }
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    float[] dy = c.input(0).data();
    float[] x = c.input(1).data();
    float[] dx = c.output().data();
    if (c.input(0).size() != c.output().size()) {
      throw new IllegalArgumentException("dy " + c.input(0).shape().describe() + " and x "
          + c.input(1).shape().describe() + " differ");
    }
    Parallel.range(c.output().size(), GRAIN,
        (from, to) -> ElementwiseKernel.reluGrad(dy, x, dx, from, to));
  }

  /** Linear in dy (the same mask); piecewise constant in x, whose derivative is zero. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(reluGrad(g.upstream(), g.input(1)), g.zerosLike(g.input(1)));
  }
}
