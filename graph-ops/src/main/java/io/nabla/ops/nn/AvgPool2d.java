package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.PoolKernel;
import java.util.List;

/**
 * Average (mean) pooling of an NCHW tensor: {@code [N,C,H,W] → [N,C,outH,outW]}, each output
 * the mean of its window. The sum is always divided by the full kernel area, so padded
 * positions count as zeros: PyTorch's default {@code count_include_pad=True} (TensorFlow's
 * {@code 'SAME'} average pooling instead divides by the number of real pixels).
 */
public final class AvgPool2d extends PoolingOp {
  /** Pools with {@code window}, whose dilation must be 1. */
  public AvgPool2d(Window2d window) {
    super("avg_pool2d", window);
  }

  /** {@code [N,C,outH,outW]} for an input {@code [N,C,H,W]}; unknown sizes stay unknown. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 1);
    return PoolShapes.pooled(window(), in.get(0), "input");
  }

  /** Writes each window's sum over the kernel area. */
  @Override
  public void compute(OpContext c) {
    PoolKernel.avgPool(c.input(0).data(), c.output().data(),
        PoolShapes.geometry(window(), c.input(0).shape()));
  }

  /** Each upstream value is shared equally by the kernel area of its window(). */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.graph().apply(new AvgPool2dGrad(window()), g.upstream(), g.input(0)));
  }
}
