package io.nabla.ops.nn;

import static io.nabla.ops.Ops.reluGrad;

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
 * {@code relu_grad(max_pool2d_grad(x, dy), x)} in one pass, for max pooling of a ReLU's output
 * {@code x}: each {@code dy} goes to its window's winner when that pixel is positive, every other
 * pixel gets 0. Inputs {@code (x, dy)}. The plan passes of {@code OpsPasses} build it from the two
 * ops (the LeNet and VGG blocks' conv → ReLU → pool); bit-identical to them.
 */
public final class MaxPool2dReluGrad extends PoolingOp {
  private final MaxPool2dGrad unfused;

  /** The fused gradient of max pooling with {@code window}, whose dilation must be 1. */
  public MaxPool2dReluGrad(Window2d window) {
    super("max_pool2d_relu_grad", window);
    this.unfused = new MaxPool2dGrad(window);
  }

  /** The shape of {@code x}, once {@code dy} is checked to be its pooled shape. */
  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    return unfused.outputShape(in);
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    PoolKernel.maxPoolReluGrad(x.data(), c.input(1).data(), c.output().data(),
        PoolShapes.geometry(window(), x.shape()));
  }

  /**
   * Linear in {@code dy}; the adjoint masks the upstream by {@code x > 0} and picks it at each
   * window's winner. Piecewise constant in {@code x}, declared not differentiable.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    Node masked = reluGrad(g.upstream(), g.input(0));
    return Arrays.asList(null,
        g.graph().apply(new MaxPool2dSelect(window()), g.input(0), masked));
  }

  /** Only {@code dy} (input 1) is differentiable. */
  @Override
  public boolean isDifferentiable(int index) {
    return index == 1;
  }
}
