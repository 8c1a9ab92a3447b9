package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.PoolKernel;
import java.util.Arrays;
import java.util.List;

/**
 * The gradient of {@link AvgPool2d}: inputs {@code (dy, xLike)}, output shaped like the
 * run-time {@code xLike}, which gives only its shape (several input sizes pool to the same
 * output size, so {@code dy} alone cannot say which). Each {@code dy} value is divided by the
 * kernel area and added to every input pixel of its window.
 */
public final class AvgPool2dGrad extends PoolingOp {
  /** The gradient of average pooling with {@code window}, whose dilation must be 1. */
  public AvgPool2dGrad(Window2d window) {
    super("avg_pool2d_grad", window);
  }

  /** The shape of {@code xLike}, once {@code dy} is checked to be its pooled shape. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape like = in.get(1);
    PoolShapes.requireFits("dy", in.get(0), "the pooled shape of x",
        PoolShapes.pooled(window(), like, "x"));
    return like;
  }

  /** Spreads every {@code dy} over its window(). */
  @Override
  public void compute(OpContext c) {
    PoolKernel.avgPoolGrad(c.input(0).data(), c.output().data(),
        PoolShapes.geometry(window(), c.input(1).shape()));
  }

  /**
   * Linear in {@code dy}, and average pooling is its adjoint; {@code xLike} contributes only
   * its shape.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.graph().apply(new AvgPool2d(window()), g.upstream()), null);
  }

  /** Only {@code dy} (input 0) is differentiable. */
  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
