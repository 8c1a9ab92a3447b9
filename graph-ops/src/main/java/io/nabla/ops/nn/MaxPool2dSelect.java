package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.PoolKernel;
import java.util.Arrays;
import java.util.List;

/**
 * Picks, for each max-pooling window of {@code x}, the value of {@code g} at the window's
 * winner: inputs {@code (x, g)} with {@code g} shaped like {@code x}, output shaped like the
 * pooled {@code x}. The adjoint of {@link MaxPool2dGrad} in {@code dy}, hence its gradient, and
 * what makes max pooling twice differentiable.
 */
public final class MaxPool2dSelect extends PoolingOp {
  /** Selection by the winners of max pooling with {@code window}, whose dilation must be 1. */
  public MaxPool2dSelect(Window2d window) {
    super("max_pool2d_select", window);
  }

  /** The pooled shape of {@code x}, once {@code g} is checked to be shaped like {@code x}. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape x = in.get(0);
    Shape pooled = PoolShapes.pooled(window(), x, "x");
    PoolShapes.requireFits("g", in.get(1), "shaped like x", x);
    return pooled;
  }

  /** Gathers {@code g} at each window's winner in {@code x}. */
  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    PoolKernel.maxPoolSelect(x.data(), c.input(1).data(), c.output().data(),
        PoolShapes.geometry(window(), x.shape()));
  }

  /**
   * Linear in {@code g}, with {@link MaxPool2dGrad} as adjoint; piecewise constant in {@code x},
   * which is declared not differentiable.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(null,
        g.graph().apply(new MaxPool2dGrad(window()), g.input(0), g.upstream()));
  }

  /** Only {@code g} (input 1) is differentiable. */
  @Override
  public boolean isDifferentiable(int index) {
    return index == 1;
  }
}
