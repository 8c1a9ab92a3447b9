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
 * The gradient of {@link MaxPool2d}: inputs {@code (x, dy)}, output {@code dx} shaped like
 * {@code x}. Each {@code dy} value goes to the pixel of {@code x} that won its window (the first
 * maximum in row-major order, as in the forward); every other pixel gets 0.
 */
public final class MaxPool2dGrad extends PoolingOp {
  /** The gradient of max pooling with {@code window}, whose dilation must be 1. */
  public MaxPool2dGrad(Window2d window) {
    super("max_pool2d_grad", window);
  }

  /** The shape of {@code x}, once {@code dy} is checked to be its pooled shape. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape x = in.get(0);
    PoolShapes.requireFits("dy", in.get(1), "the pooled shape of x",
        PoolShapes.pooled(window(), x, "x"));
    return x;
  }

  /** Routes every {@code dy} to its window's winner. */
  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    PoolKernel.maxPoolGrad(x.data(), c.input(1).data(), c.output().data(),
        PoolShapes.geometry(window(), x.shape()));
  }

  /**
   * {@code dx} is linear in {@code dy}, and its adjoint picks the upstream value at each
   * window's winner: {@link MaxPool2dSelect}. In {@code x} it is piecewise constant (the winners
   * change only at ties), so {@code x} is declared not differentiable.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(null,
        g.graph().apply(new MaxPool2dSelect(window()), g.input(0), g.upstream()));
  }

  /** Only {@code dy} (input 1) is differentiable. */
  @Override
  public boolean isDifferentiable(int index) {
    return index == 1;
  }
}
