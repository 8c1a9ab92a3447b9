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
    BroadcastKernel.apply(a, b, c.output(), this::combine);
  }

  /**
   * Writes {@code n} outputs {@code out[o + i] = f(a[ao + i*as], b[bo + i*bs])}; the strides
   * {@code as} and {@code bs} are 1, or 0 for a broadcast operand.
   */
  protected abstract void combine(float[] a, int ao, int as, float[] b, int bo, int bs,
      float[] out, int o, int n);
}
