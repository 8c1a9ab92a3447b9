package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.PoolKernel;
import java.util.List;

/**
 * Max pooling of an NCHW tensor: {@code [N,C,H,W] → [N,C,outH,outW]}, each output the largest
 * input in its window. Padded positions never win (they act as −∞). Of equal values the first
 * in row-major window order wins, so the gradient goes to one well-defined pixel.
 */
public final class MaxPool2d extends PoolingOp {
  /** Pools with {@code window}, whose dilation must be 1. */
  public MaxPool2d(Window2d window) {
    super("max_pool2d", window);
  }

  /** {@code [N,C,outH,outW]} for an input {@code [N,C,H,W]}; unknown sizes stay unknown. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 1);
    return PoolShapes.pooled(window(), in.get(0), "input");
  }

  /** Writes each window's maximum. */
  @Override
  public void compute(OpContext c) {
    PoolKernel.maxPool(c.input(0).data(), c.output().data(),
        PoolShapes.geometry(window(), c.input(0).shape()));
  }

  /** Each upstream value flows back to the pixel that won its window(). */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.graph().apply(new MaxPool2dGrad(window()), g.input(0), g.upstream()));
  }
}
