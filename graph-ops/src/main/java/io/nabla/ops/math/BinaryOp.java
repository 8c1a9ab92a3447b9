package io.nabla.ops.math;

import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BroadcastKernel;
import java.util.List;

/** An element-wise function of two tensors with numpy broadcasting. */
public abstract class BinaryOp implements Op {

  @Override
  public final Shape outputShape(List<Shape> inputs) {
    return ShapeRules.broadcast(this, inputs);
  }

  @Override
  public final void compute(OpContext c) {
    Tensor a = c.input(0);
    Tensor b = c.input(1);
    checkNoHiddenBroadcast(c, 0);
    checkNoHiddenBroadcast(c, 1);
    BroadcastKernel.apply(a, b, c.output(), this::combine);
  }

  /**
   * Refuses a broadcast along a dimension the static shape left unknown: autodiff decides from
   * static shapes where a gradient must be summed back, so such a broadcast would give a
   * gradient of the wrong shape.
   */
  private static void checkNoHiddenBroadcast(OpContext c, int k) {
    Shape declared = c.node().input(k).shape();
    Shape actual = c.input(k).shape();
    Shape out = c.output().shape();
    int offset = out.rank() - actual.rank();
    for (int i = 0; i < actual.rank(); i++) {
      if (declared.dim(i) == Shape.UNKNOWN && actual.dim(i) == 1 && out.dim(offset + i) != 1) {
        throw new IllegalArgumentException("input '" + c.node().input(k).name() + "' is "
            + actual.describe() + " and would be broadcast along axis " + i + " to "
            + out.describe() + ", but its static shape " + declared.describe()
            + " leaves that axis unknown; declare the axis as 1 to broadcast along it, or feed"
            + " matching sizes");
      }
    }
  }

  /**
   * Writes {@code n} outputs {@code out[o + i] = f(a[ao + i*as], b[bo + i*bs])}; the strides
   * {@code as} and {@code bs} are 1, or 0 for a broadcast operand.
   */
  protected abstract void combine(float[] a, int ao, int as, float[] b, int bo, int bs,
      float[] out, int o, int n);
}
